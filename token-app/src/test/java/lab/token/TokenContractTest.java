package lab.token;

import lab.common.contract.AppUnderTest;
import lab.common.contract.ContractTests;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

@DisplayName("token-app (HS256, revocation in Redis) serves the shared contract")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class TokenContractTest extends ContractTests {
    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest();
    }
}
