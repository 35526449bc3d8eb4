package lab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.common.contract.AppUnderTest;
import lab.common.contract.InvalidationDelays;
import lab.common.contract.LabInstances;
import lab.token.revocation.RevocationList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;

/**
 * The revocation near cache (REDIS_NEAR_CACHE=on), between two instances on one real
 * Redis. Each test warms instance B first (B has found the token not revoked, and would answer it
 * from memory), so each fails if the invalidation it is about did not reach B.
 */
@DisplayName("the revocation near cache (two instances, one real Redis)")
@Tag("docker")
class RevocationNearCacheTest extends LabInstances {
    /** How long B may take to hear of a revocation in these tests: generous, the measured figure is printed. */
    private static final Duration AT_MOST = Duration.ofSeconds(5);

    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest(Map.of("REDIS_NEAR_CACHE", "on"));
    }


    @Test
    @DisplayName("a logout on A is refused by B, whose memory had the token as not revoked; the delay is measured")
    void logoutReachesTheOtherInstance() {
        InvalidationDelays delays = new InvalidationDelays();
        for (int round = 0; round < 40; round++) {
            String bearer = warmedOnB();
            at(instanceA).header("Authorization", bearer).post("/auth/logout").then().statusCode(204);
            long loggedOut = System.nanoTime();
            await().atMost(AT_MOST).pollInterval(Duration.ofMillis(1))
                    .until(() -> me(instanceB, bearer).statusCode() == 401);
            delays.record(System.nanoTime() - loggedOut);
        }
        delays.report("revocations", "token-app: revocations", "a logout");
    }

    @Test
    @DisplayName("a token B has found not revoked is answered from memory: no EXISTS reaches Redis, and B's metrics count the hits")
    void warmTokensSkipTheRoundTrip() {
        String bearer = warmedOnB();
        long before = redisCalls("exists");
        double hitsBefore = metric(instanceB, "cache_gets_total", "cache=\"revocations\"", "result=\"hit\"");
        double verifiedBefore = metric(instanceB, "cache_gets_total", "cache=\"verified-tokens\"", "result=\"hit\"");
        double readsBefore = metric(instanceB, "lab_redis_auth_reads_total", "for=\"revocation\"");
        for (int i = 0; i < 20; i++) {
            me(instanceB, bearer).then().statusCode(200);
        }
        assertThat(redisCalls("exists") - before).isZero();
        assertThat(metric(instanceB, "cache_gets_total", "cache=\"revocations\"", "result=\"hit\"") - hitsBefore).isEqualTo(20);
        assertThat(metric(instanceB, "cache_gets_total", "cache=\"verified-tokens\"", "result=\"hit\"") - verifiedBefore).isEqualTo(20);
        assertThat(metric(instanceB, "lab_redis_auth_reads_total", "for=\"revocation\"")).isEqualTo(readsBefore);
    }

    @Test
    @DisplayName("a refresh token's reuse on A ends the login on B too")
    void reuseReachesTheOtherInstance() {
        Response login = loginResponse(instanceA, "bob", "bob-pw");
        String bearer = "Bearer " + login.path("access_token");
        me(instanceB, bearer).then().statusCode(200);
        String refreshToken = login.path("refresh_token");
        postJson(at(instanceA), "/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}").then().statusCode(200);
        postJson(at(instanceA), "/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}").then().statusCode(401);
        await().atMost(AT_MOST).until(() -> me(instanceB, bearer).statusCode() == 401);
    }

    @Test
    @DisplayName("when B's channel breaks, B stops answering from memory: a revocation it could not hear is enforced")
    void aBrokenChannelDropsTheNotRevokedAnswers() {
        String bearer = warmedOnB();
        // Every subscriber connection is cut, and the token is revoked in Redis without a message:
        // what happens to a revocation while an instance cannot hear the channel.
        redis.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "pubsub");
        redis.setex(RevocationList.tokenKey(claim(bearer, "jti"), claim(bearer, "fam")), 600, "1");
        await().atMost(AT_MOST).until(() -> me(instanceB, bearer).statusCode() == 401);
        // And once the channel is back, it stays refused (now also remembered as revoked).
        String other = warmedOnB();
        at(instanceA).header("Authorization", other).post("/auth/logout").then().statusCode(204);
        await().atMost(AT_MOST).until(() -> me(instanceB, other).statusCode() == 401);
        me(instanceB, bearer).then().statusCode(401);
    }

    @Test
    @DisplayName("a revocation B has learned is enforced while Redis does not answer at all (401, not 503)")
    void theDenylistHoldsWithoutRedis() {
        String bearer = warmedOnB();
        at(instanceA).header("Authorization", bearer).post("/auth/logout").then().statusCode(204);
        await().atMost(AT_MOST).until(() -> me(instanceB, bearer).statusCode() == 401);
        // Paused for longer than the app's 1 s socket timeout: asking Redis would end in a 503.
        redis.sendCommand(Protocol.Command.CLIENT, "PAUSE", "2500", "ALL");
        me(instanceB, bearer).then().statusCode(401);
        await().atMost(AT_MOST).until(() -> me(instanceB, warmedToken()).statusCode() == 200); // Redis back
    }


    /** A fresh login on A whose token B has already checked and found not revoked. */
    private String warmedOnB() {
        String bearer = warmedToken();
        me(instanceB, bearer).then().statusCode(200);
        me(instanceB, bearer).then().statusCode(200);
        return bearer;
    }

    private String warmedToken() {
        return "Bearer " + loginResponse(instanceA, "alice", "alice-pw").path("access_token");
    }

    private static Response me(String baseUri, String bearer) {
        return at(baseUri).header("Authorization", bearer).get("/api/me");
    }

    private static String claim(String bearer, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(bearer.substring(7).split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(payload);
        assertThat(m.find()).as("claim %s in %s", name, payload).isTrue();
        return m.group(1);
    }
}
