package lab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import lab.common.contract.AppUnderTest;
import lab.common.contract.Credential;
import lab.common.contract.InvalidationDelays;
import lab.common.contract.LabInstances;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;

/**
 * The session near cache (REDIS_NEAR_CACHE=on), between two instances on one real Redis. Each test
 * warms instance B first (B has read the session and would answer it from memory), so each fails if
 * the change it is about did not reach B.
 */
@DisplayName("the session near cache (two instances, one real Redis)")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class SessionNearCacheTest extends LabInstances {
    /**
     * How long B may take to hear of a change in these tests: generous (the measured figure is
     * printed), and shorter than the 10 s for which B keeps a session it has read (the touch interval
     * of the default 30-minute idle timeout), so B answers 401 in time only if it heard.
     */
    private static final Duration AT_MOST = Duration.ofSeconds(3);

    @Override
    protected AppUnderTest app() {
        return new SessionUnderTest(Map.of("REDIS_NEAR_CACHE", "on"));
    }


    @Test
    @DisplayName("a logout on A is refused by B, whose memory had the session; the delay is measured")
    void logoutReachesTheOtherInstance() {
        InvalidationDelays delays = new InvalidationDelays();
        for (int round = 0; round < 40; round++) {
            Credential alice = warmedOnB();
            alice.on(at(instanceA)).post("/auth/logout").then().statusCode(204);
            long loggedOut = System.nanoTime();
            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(1)).until(() -> me(instanceB, alice).statusCode() == 401);
            delays.record(System.nanoTime() - loggedOut);
        }
        delays.report("sessions", "session-app: sessions", "a logout");
    }

    @Test
    @DisplayName("a session B has read is answered from memory: no EVAL reaches Redis, and B's metrics count the hits")
    void warmSessionsSkipTheRoundTrip() {
        Credential alice = warmedOnB();
        long before = redisCalls("eval");
        double hitsBefore = metric(instanceB, "cache_gets_total", "cache=\"sessions\"", "result=\"hit\"");
        double readsBefore = metric(instanceB, "lab_redis_auth_reads_total", "for=\"session\"");
        for (int i = 0; i < 20; i++) {
            me(instanceB, alice).then().statusCode(200);
        }
        assertThat(redisCalls("eval") - before).isZero();
        assertThat(metric(instanceB, "cache_gets_total", "cache=\"sessions\"", "result=\"hit\"") - hitsBefore).isEqualTo(20);
        assertThat(metric(instanceB, "lab_redis_auth_reads_total", "for=\"session\"")).isEqualTo(readsBefore);
        at(instanceB).get("/health").then().statusCode(200)
                .body("caches[0].cache", equalTo("sessions")).body("caches[0].hits", greaterThanOrEqualTo(20));
    }

    @Test
    @DisplayName("with REDIS_NEAR_CACHE=off, every request reads Redis")
    void withoutTheCacheEveryRequestReadsRedis() {
        String uncached = start("instance-uncached", Map.of("REDIS_NEAR_CACHE", "off"));
        Credential alice = login(instanceA, "alice");
        me(uncached, alice).then().statusCode(200);
        long before = redisCalls("eval");
        for (int i = 0; i < 20; i++) {
            me(uncached, alice).then().statusCode(200);
        }
        assertThat(redisCalls("eval") - before).isEqualTo(20);
    }

    @Test
    @DisplayName("a refresh on A: the old session id is refused by B")
    void refreshReachesTheOtherInstance() {
        Credential alice = warmedOnB();
        alice.on(at(instanceA)).post("/auth/refresh").then().statusCode(200);
        await().atMost(AT_MOST).until(() -> me(instanceB, alice).statusCode() == 401);
    }

    @Test
    @DisplayName("a session an operator deletes in Redis by hand is refused by B: Redis reports every change, not only the apps'")
    void aDeletionByHandReachesEveryInstance() {
        Credential alice = warmedOnB();
        redis.del(RedisSessionStore.key(sessionId(alice)));
        await().atMost(AT_MOST).until(() -> me(instanceB, alice).statusCode() == 401);
    }

    @Test
    @DisplayName("when B's channel breaks, B stops answering from memory: a deletion it could not hear is enforced")
    void aBrokenChannelDropsTheCache() {
        Credential alice = warmedOnB();
        // In one transaction: every subscriber connection is cut, then the session is deleted, so the
        // deletion happens while no instance can hear of it.
        try (var tx = redis.multi()) {
            tx.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
            tx.del(RedisSessionStore.key(sessionId(alice)));
            tx.exec();
        }
        await().atMost(AT_MOST).until(() -> me(instanceB, alice).statusCode() == 401);
        // And once the channel is back, B hears of changes again.
        Credential bob = warmedOnB();
        bob.on(at(instanceA)).post("/auth/logout").then().statusCode(204);
        await().atMost(AT_MOST).until(() -> me(instanceB, bob).statusCode() == 401);
    }

    @Test
    @DisplayName("FLUSHALL: Redis reports it without key names, and B forgets every session it held")
    void aFlushEmptiesTheCache() {
        Credential alice = warmedOnB();
        redis.flushAll();
        await().atMost(AT_MOST).until(() -> me(instanceB, alice).statusCode() == 401);
    }

    @Test
    @DisplayName("the idle timer slides with at most one write per touch interval, and stays exact to within it")
    void slidingExpiryWritesRarely() {
        int idleSeconds = 20; // a touch interval of 2 s (a tenth), short enough to watch
        int touchEvery = idleSeconds / 10;
        Map<String, String> shortIdle = Map.of("SESSION_IDLE_TIMEOUT", Integer.toString(idleSeconds));
        String instanceC = start("instance-c", shortIdle);
        String instanceD = start("instance-d", shortIdle);
        Credential alice = login(instanceC, "alice");
        String key = RedisSessionStore.key(sessionId(alice));
        long before = redisCalls("expire");
        long started = System.nanoTime();
        // Requests on both instances for longer than one touch interval (at least 150 of them).
        int requests = 0;
        while (requests < 150 || System.nanoTime() - started < Duration.ofSeconds(touchEvery).toNanos() * 3 / 2) {
            me(requests % 2 == 0 ? instanceC : instanceD, alice).then().statusCode(200);
            requests++;
        }
        long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
        long ttlAfterLastRequest = redis.pttl(key);
        assertThat(redisCalls("expire") - before).as("EXPIREs for %d requests in %d s", requests, seconds)
                .isLessThanOrEqualTo(seconds / touchEvery + 1);
        // The session lives at least idle - touchEvery after its last request, and never longer than idle.
        assertThat(ttlAfterLastRequest).isBetween((idleSeconds - touchEvery) * 1000L - 200, idleSeconds * 1000L);
    }


    /** A fresh login on A whose session B has already read (and so holds in memory). */
    private Credential warmedOnB() {
        Credential alice = login(instanceA, "alice");
        me(instanceB, alice).then().statusCode(200);
        me(instanceB, alice).then().statusCode(200);
        return alice;
    }

    private static Response me(String baseUri, Credential credential) {
        return credential.on(at(baseUri)).get("/api/me");
    }

    /** The session id: the cookie's value without its {@code .<instance>} route suffix. */
    private static String sessionId(Credential credential) {
        String cookie = credential.cookies().get("SID");
        return cookie.substring(0, cookie.lastIndexOf('.'));
    }
}
