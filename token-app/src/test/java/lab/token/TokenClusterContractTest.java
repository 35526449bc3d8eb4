package lab.token;

import lab.common.contract.AppUnderTest;
import lab.common.contract.ClusterContractTests;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

@DisplayName("token-app (HS256, revocation in Redis) serves the shared contract on a Redis Cluster")
@Tag("docker") // a real Redis Cluster in a container (Testcontainers): Failsafe, `mvn verify`
class TokenClusterContractTest extends ClusterContractTests {
    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest();
    }
}
