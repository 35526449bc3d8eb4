package lab.token;

import lab.common.contract.AppUnderTest;
import lab.common.contract.ContractTests;
import org.junit.jupiter.api.DisplayName;

@DisplayName("token-app (HS256, revocation in Redis) serves the shared contract")
class TokenContractTest extends ContractTests {
    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest();
    }
}
