package lab.common.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import lab.common.config.ConfigException;
import lab.common.config.RedisSentinels;
import lab.common.config.RedisUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("connecting to Redis")
class RedisConnectTest {

    @Test
    @DisplayName("with Sentinels of which none answers, the start stops with one line naming REDIS_SENTINELS")
    void noSentinelAnswers() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free again once closed: nothing listens there
        }
        var sentinels = new RedisSentinels(List.of("127.0.0.1:" + closedPort), "lab", Optional.of("s3cret"));
        assertThatThrownBy(() -> Redis.connect(new RedisUrl(URI.create("redis://app:pw@127.0.0.1:6379")), Optional.of(sentinels)))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("REDIS_SENTINELS: no Sentinel there named a primary for 'lab'")
                .hasMessageNotContaining("s3cret").hasMessageNotContaining("pw");
    }
}
