package lab.token.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Optional;
import lab.common.http.Problem;
import lab.common.redis.Redis;
import lab.common.redis.RedisFailures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * How Jedis 8 really fails, with real sockets and the app's own pool settings: a port nobody listens on
 * (Redis down), and one that accepts connections but never answers (Redis up, paused or stuck).
 */
@DisplayName("the revocation check when Redis fails")
class RevocationCheckTest {
    private static final Instant IN_A_MINUTE = Instant.now().plusSeconds(60);
    private RedisClient client;
    private ServerSocket silent;

    @AfterEach
    void close() throws IOException {
        if (client != null) {
            client.close();
        }
        if (silent != null) {
            silent.close();
        }
    }

    /** A port that refuses connections: bound once to find a free one, then closed. */
    private RedisClient refusing() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        client = Redis.connect(URI.create("redis://127.0.0.1:" + port));
        return client;
    }

    /** A port whose kernel completes the handshake, and then nothing ever answers: a paused Redis. */
    private RedisClient silent() throws IOException {
        silent = new ServerSocket(0, 50);
        client = Redis.connect(URI.create("redis://127.0.0.1:" + silent.getLocalPort()));
        return client;
    }

    private static RevocationCheck check(RedisClient redis, boolean failOpen) {
        return new RevocationCheck(new RevocationList(redis, Duration.ofSeconds(930), Clock.systemUTC(), Optional.empty()),
                failOpen, Optional.empty());
    }

    private static JedisException failure(RedisClient redis) {
        try {
            redis.exists("revoked:jti:x");
        } catch (JedisException e) {
            return e;
        }
        throw new AssertionError("Redis answered");
    }

    @Test
    @DisplayName("a refused connection is a connection failure; a read timeout and an exhausted pool are not")
    void classification() throws IOException {
        assertThat(RedisFailures.isConnectionFailure(failure(refusing()))).isTrue();
        client.close();
        assertThat(RedisFailures.isConnectionFailure(failure(silent()))).isFalse();
        // What commons-pool throws through Jedis when every connection is taken for longer than maxWait.
        var exhausted = new JedisException("Could not get a resource from the pool",
                new NoSuchElementException("Timeout waiting for idle object"));
        assertThat(RedisFailures.isConnectionFailure(exhausted)).isFalse();
    }

    @Test
    @DisplayName("open, Redis refusing connections: skipped, again and again (the breaker stays open)")
    void refusedFailsOpen() throws IOException {
        RevocationCheck check = check(refusing(), true);
        for (int i = 0; i < 3; i++) {
            assertThat(check.check("jti", "fam", IN_A_MINUTE)).isEqualTo(RevocationCheck.Outcome.SKIPPED);
        }
    }

    @Test
    @DisplayName("open, Redis accepting connections but not answering: 503, never skipped")
    void silentIsUnavailable() throws IOException {
        RevocationCheck check = check(silent(), true);
        assertThatThrownBy(() -> check.check("jti", "fam", IN_A_MINUTE)).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.status()).isEqualTo(503));
    }

    @Test
    @DisplayName("closed, Redis refusing connections: 503")
    void refusedFailsClosed() throws IOException {
        RevocationCheck check = check(refusing(), false);
        assertThatThrownBy(() -> check.check("jti", "fam", IN_A_MINUTE)).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.status()).isEqualTo(503));
    }
}
