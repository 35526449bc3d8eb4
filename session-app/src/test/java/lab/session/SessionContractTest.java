package lab.session;

import lab.common.contract.AppUnderTest;
import lab.common.contract.ContractTests;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

@DisplayName("session-app (Redis store) serves the shared contract")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class SessionContractTest extends ContractTests {
    @Override
    protected AppUnderTest app() {
        return new SessionUnderTest();
    }
}
