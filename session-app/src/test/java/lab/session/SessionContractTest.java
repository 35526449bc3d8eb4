package lab.session;

import lab.common.contract.AppUnderTest;
import lab.common.contract.ContractTests;
import org.junit.jupiter.api.DisplayName;

@DisplayName("session-app (Redis store) serves the shared contract")
class SessionContractTest extends ContractTests {
    @Override
    protected AppUnderTest app() {
        return new SessionUnderTest();
    }
}
