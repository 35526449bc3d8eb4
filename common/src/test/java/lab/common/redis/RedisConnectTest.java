package lab.common.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import lab.common.config.LabConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("connecting to Redis")
class RedisConnectTest {

    @Test
    @DisplayName("with Sentinels of which none answers, the start stops with one line naming REDIS_SENTINELS")
    void noSentinelAnswers() throws IOException {
        var config = config(Map.of("REDIS_SENTINELS", "127.0.0.1:" + closedPort(), "REDIS_SENTINEL_PASSWORD", "s3cret"));
        assertThatThrownBy(() -> Redis.connect(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REDIS_SENTINELS: no Sentinel there named a primary for 'lab'")
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("pw");
    }

    @Test
    @DisplayName("with cluster nodes of which none answers, the start stops with one line naming REDIS_CLUSTER_NODES")
    void noClusterNodeAnswers() throws IOException {
        var config = config(Map.of("REDIS_CLUSTER_NODES", "127.0.0.1:" + closedPort()));
        assertThatThrownBy(() -> Redis.connect(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REDIS_CLUSTER_NODES: no node there answered")
                .hasMessageNotContaining("pw");
    }

    private static LabConfig config(Map<String, String> redis) {
        var env = new HashMap<>(redis);
        env.put("REDIS_URL", "redis://app:pw@127.0.0.1:6379");
        return LabConfig.from(new Env(env), "*");
    }

    /** A port nothing listens on: free again once closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
