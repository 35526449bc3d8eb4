package lab.session;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import lab.common.auth.OpaqueTokens;
import lab.common.config.Env;
import lab.common.contract.RedisSupport;
import lab.common.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.RedisClient;
import static org.assertj.core.api.Assertions.assertThat;

/** Both stores enforce the idle (sliding) and the absolute timeout; the clock is moved by hand. */
@DisplayName("session timeouts")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class SessionTimeoutTest {
    private static final SessionConfig CONFIG = SessionConfig.from(new Env(Map.of(
            "SESSION_IDLE_TIMEOUT", "600", "SESSION_ABSOLUTE_TIMEOUT", "1500")));
    private static final RedisClient REDIS = RedisClient.create(URI.create(RedisSupport.url(RedisSupport.shared())));

    static Stream<BiFunction<SessionConfig, MutableClock, SessionStore>> stores() {
        return Stream.of(MemorySessionStore::new, (config, clock) -> new RedisSessionStore(REDIS, config, clock));
    }

    @AfterAll
    static void close() {
        REDIS.close();
    }

    private static Session newSession(MutableClock clock) {
        return new Session(OpaqueTokens.random(), "alice", OpaqueTokens.random(),
                clock.instant().getEpochSecond());
    }

    @ParameterizedTest(name = "{index}: idle timeout slides with use, then expires")
    @MethodSource("stores")
    void idleTimeoutSlides(BiFunction<SessionConfig, MutableClock, SessionStore> factory) {
        MutableClock clock = new MutableClock();
        SessionStore store = factory.apply(CONFIG, clock);
        Session session = newSession(clock);
        store.save(session);
        clock.advance(Duration.ofSeconds(500));
        assertThat(store.find(session.id())).isPresent(); // used after 500 s: the idle timer restarts
        clock.advance(Duration.ofSeconds(500));
        assertThat(store.find(session.id())).isPresent(); // 1000 s after login, but only 500 s idle
        if (store instanceof MemorySessionStore) {
            clock.advance(Duration.ofSeconds(601));
            assertThat(store.find(session.id())).isEmpty();
        }
    }

    @ParameterizedTest(name = "{index}: the absolute timeout ends a session however busy it is")
    @MethodSource("stores")
    void absoluteTimeoutWins(BiFunction<SessionConfig, MutableClock, SessionStore> factory) {
        MutableClock clock = new MutableClock();
        SessionStore store = factory.apply(CONFIG, clock);
        Session session = newSession(clock);
        store.save(session);
        for (int minute = 0; minute < 25; minute++) {
            clock.advance(Duration.ofSeconds(59));
            assertThat(store.find(session.id())).isPresent();
        }
        clock.advance(Duration.ofSeconds(100)); // 1575 s after login > 1500 s
        assertThat(store.find(session.id())).isEmpty();
    }

    @ParameterizedTest(name = "{index}: delete ends a session at once")
    @MethodSource("stores")
    void deleteEndsIt(BiFunction<SessionConfig, MutableClock, SessionStore> factory) {
        MutableClock clock = new MutableClock();
        SessionStore store = factory.apply(CONFIG, clock);
        Session session = newSession(clock);
        store.save(session);
        store.delete(session.id());
        assertThat(store.find(session.id())).isEmpty();
    }
}
