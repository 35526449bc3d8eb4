package lab.session;

import lab.common.contract.AppUnderTest;
import lab.common.contract.ClusterContractTests;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

@DisplayName("session-app (Redis store) serves the shared contract on a Redis Cluster")
@Tag("docker") // a real Redis Cluster in a container (Testcontainers): Failsafe, `mvn verify`
class SessionClusterContractTest extends ClusterContractTests {
    @Override
    protected AppUnderTest app() {
        return new SessionUnderTest();
    }
}
