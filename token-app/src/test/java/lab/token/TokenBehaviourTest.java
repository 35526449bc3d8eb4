package lab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.common.auth.OpaqueTokens;
import lab.common.contract.AppUnderTest;
import lab.common.contract.LabInstances;
import lab.common.contract.RedisSupport;
import lab.common.redis.Redis;
import lab.token.refresh.RefreshTokens;
import lab.token.revocation.RevocationList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What only token-app does: the bearer challenge, refresh rotation, theft detection, revocation, CORS. */
@DisplayName("token-app behaviour (two instances, one real Redis)")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class TokenBehaviourTest extends LabInstances {
    private final RedisClient redis = Redis.connect(URI.create(RedisSupport.url(RedisSupport.shared())));
    private String shortRefresh;

    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest();
    }

    @AfterAll
    void closeRedis() {
        redis.close();
    }

    /** A full login response: access token, refresh token. */
    private Response loggedIn(String baseUri, String username) {
        Response response = loginResponse(baseUri, username, username + "-pw");
        response.then().statusCode(200);
        return response;
    }

    private static String bearer(Response login) {
        return "Bearer " + login.path("access_token");
    }

    private Response refresh(String baseUri, String refreshToken) {
        return postJson(at(baseUri), "/auth/refresh", "{\"refresh_token\":\"" + refreshToken + "\"}");
    }

    private Response admin(String baseUri, String authorization) {
        return at(baseUri).header("Authorization", authorization).get("/api/admin");
    }

    private Response me(String baseUri, String authorization) {
        return at(baseUri).header("Authorization", authorization).get("/api/me");
    }

    @Nested
    @DisplayName("the bearer credential")
    class Credential {
        @Test
        @DisplayName("login answers access_token, token_type Bearer, expires_in and a 256-bit refresh_token")
        void loginAnswersATokenPair() {
            loginResponse(instanceA, "alice", "alice-pw").then().statusCode(200)
                    .body("token_type", equalTo("Bearer"))
                    .body("expires_in", equalTo(900))
                    .body("access_token", containsString("."))
                    .body("refresh_token", matchesPattern(RefreshTokens.FORMAT))
                    .body("username", equalTo("alice"));
        }

        @Test
        @DisplayName("without a token: 401 with the bare challenge Bearer realm=\"lab\"")
        void missingTokenGetsBareChallenge() {
            at(instanceA).get("/api/me").then().statusCode(401).contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", "Bearer realm=\"lab\"");
        }

        @Test
        @DisplayName("a refused token: 401 with error=\"invalid_token\" and a description, exposed to CORS callers")
        void badTokenGetsInvalidTokenChallenge() {
            me(instanceA, "Bearer a.b.c").then().statusCode(401).contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                    .header("WWW-Authenticate", containsString("error_description=\""));
        }

        @Test
        @DisplayName("a failed login also carries the Bearer challenge (every 401 does)")
        void failedLoginHasChallenge() {
            loginResponse(instanceA, "alice", "wrong").then().statusCode(401)
                    .header("WWW-Authenticate", "Bearer realm=\"lab\"");
        }

        @Test
        @DisplayName("the scheme is case-insensitive: 'bearer' lowercase works")
        void lowercaseSchemeWorks() {
            Response login = loggedIn(instanceA, "alice");
            me(instanceA, "bearer " + login.path("access_token")).then().statusCode(200).body("username", equalTo("alice"));
        }

        @Test
        @DisplayName("a valid token in a cookie is ignored: tokens travel only in Authorization")
        void tokenInCookieIsIgnored() {
            String token = loggedIn(instanceA, "alice").path("access_token");
            at(instanceA).cookie("access_token", token).cookie("SID", token).get("/api/me").then().statusCode(401);
            at(instanceA).queryParam("access_token", token).get("/api/me").then().statusCode(401);
        }

        @Test
        @DisplayName("an Authorization header of 6 KB is a 401 problem (refused before parsing), and the instance keeps serving")
        void oversizedTokenIsRefused() {
            String huge = "eyJhbGciOiJIUzI1NiJ9." + "A".repeat(6000) + ".c2ln";
            me(instanceA, "Bearer " + huge).then().statusCode(401).contentType(PROBLEM_JSON)
                    .header("WWW-Authenticate", containsString("larger than 4096"));
            at(instanceA).get("/health").then().statusCode(200);
        }

        @Test
        @DisplayName("after key rotation, an instance with the new secret still accepts tokens signed with the old one")
        void rotationKeepsUsersLoggedIn() {
            String rotated = start("rotated", Map.of("JWT_SECRET", TestSecrets.NEXT, "JWT_PREVIOUS_SECRETS", TestSecrets.CURRENT));
            Response oldToken = loggedIn(instanceA, "bob");
            me(rotated, bearer(oldToken)).then().statusCode(200).body("username", equalTo("bob"));
            Response newToken = loggedIn(rotated, "bob");
            me(rotated, bearer(newToken)).then().statusCode(200);
        }
    }

    @Nested
    @DisplayName("refresh tokens")
    class Refresh {
        @Test
        @DisplayName("refresh answers a new pair on either instance; the new access token works, with current roles")
        void refreshRotatesThePair() {
            Response login = loggedIn(instanceA, "bob");
            Response refreshed = refresh(instanceB, login.path("refresh_token"));
            refreshed.then().statusCode(200)
                    .header("Cache-Control", "no-store")
                    .body("token_type", equalTo("Bearer"))
                    .body("instance", equalTo("instance-b"))
                    .body("roles", equalTo(List.of("user", "admin")))
                    .body("refresh_token", not(equalTo(login.path("refresh_token"))))
                    .body("access_token", not(equalTo(login.path("access_token"))));
            me(instanceA, bearer(refreshed)).then().statusCode(200).body("username", equalTo("bob"));
            // Same family: the JWT's fam claim is unchanged across the refresh.
            assertThat(claim(refreshed.path("access_token"), "fam")).isEqualTo(claim(login.path("access_token"), "fam"));
        }

        @Test
        @DisplayName("a role change reaches a token only at its refresh: until then, and after a demotion, it carries "
                + "the roles of its login; revoking the login ends it")
        void roleChangeWaitsForRefresh() {
            Response alice = loggedIn(instanceA, "alice");
            var bob = login(instanceA, "bob");
            try {
                changeRoles(bob.on(at(instanceA)), "alice", "user", "admin").then().statusCode(200);
                admin(instanceB, bearer(alice)).then().statusCode(403); // its copy says "user"
                Response promoted = refresh(instanceB, alice.path("refresh_token"));
                promoted.then().statusCode(200).body("roles", contains("user", "admin"));
                admin(instanceA, bearer(promoted)).then().statusCode(200);

                changeRoles(bob.on(at(instanceA)), "alice", "user").then().statusCode(200);
                // Stale authorization: demoted in the directory, still an admin to every instance.
                admin(instanceA, bearer(promoted)).then().statusCode(200);
                admin(instanceB, bearer(promoted)).then().statusCode(200);
                Response demoted = refresh(instanceA, promoted.path("refresh_token"));
                demoted.then().statusCode(200).body("roles", contains("user"));
                admin(instanceA, bearer(demoted)).then().statusCode(403);
                admin(instanceB, bearer(promoted)).then().statusCode(200); // the old token is still valid

                // Revoking the login (its family) is what ends the stale token before it expires.
                at(instanceB).header("Authorization", bearer(demoted)).post("/auth/logout").then().statusCode(204);
                // Instance A answered for `promoted` above, so its near cache holds "not revoked" until
                // Redis's pub/sub message of the logout reaches it: awaited, within a second.
                await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                        admin(instanceA, bearer(promoted)).then().statusCode(401));
            } finally {
                resetRoles();
            }
        }

        @Test
        @DisplayName("the refresh token is single-use, and a second use is treated as theft: the whole family is revoked")
        void reuseRevokesTheFamily() {
            Response login = loggedIn(instanceA, "alice");
            Response refreshed = refresh(instanceA, login.path("refresh_token"));
            refreshed.then().statusCode(200);

            // The attacker (or the victim) replays the spent token:
            refresh(instanceB, login.path("refresh_token")).then().statusCode(401).contentType(PROBLEM_JSON)
                    .body("type", equalTo("/problems/refresh-token-reused"));

            // Everything of that login is dead, on both instances: both access tokens, and the fresh refresh token.
            me(instanceB, bearer(refreshed)).then().statusCode(401)
                    .header("WWW-Authenticate", containsString("revoked"));
            me(instanceA, bearer(login)).then().statusCode(401);
            refresh(instanceA, refreshed.path("refresh_token")).then().statusCode(401)
                    .body("type", equalTo("/problems/invalid-refresh-token"));
        }

        @Test
        @DisplayName("a dozen concurrent refreshes of one refresh token on two instances: exactly one 200, eleven 401 "
                + "refresh-token-reused, and the reuse ends the login: the winner's new tokens are refused too")
        void concurrentRefreshesOfOneToken() throws Exception {
            Response login = loggedIn(instanceA, "alice");
            String refreshToken = login.path("refresh_token");
            int copies = 12;
            ExecutorService pool = Executors.newFixedThreadPool(copies);
            List<Response> answers;
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Response>> sent = new ArrayList<>();
                for (int i = 0; i < copies; i++) {
                    String instance = i % 2 == 0 ? instanceA : instanceB;
                    sent.add(pool.submit(() -> {
                        go.await();
                        return refresh(instance, refreshToken);
                    }));
                }
                go.countDown();
                answers = new ArrayList<>();
                for (Future<Response> answer : sent) {
                    answers.add(answer.get(30, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            List<Response> winners = answers.stream().filter(r -> r.statusCode() == 200).toList();
            assertThat(winners).hasSize(1);
            assertThat(answers).filteredOn(r -> r.statusCode() != 200).hasSize(copies - 1)
                    .allSatisfy(r -> {
                        assertThat(r.statusCode()).isEqualTo(401);
                        assertThat(r.<String>path("type")).isEqualTo("/problems/refresh-token-reused");
                    });
            Response winner = winners.get(0);
            me(instanceA, bearer(winner)).then().statusCode(401).header("WWW-Authenticate", containsString("revoked"));
            refresh(instanceB, winner.path("refresh_token")).then().statusCode(401)
                    .body("type", equalTo("/problems/invalid-refresh-token"));
        }

        @Test
        @DisplayName("reuse detected by an instance with a short REFRESH_TOKEN_TTL revokes the login until the login's own end")
        void reuseRevokesUntilTheFamilysOwnEnd() {
            Response login = loggedIn(instanceA, "alice");
            refresh(instanceA, login.path("refresh_token")).then().statusCode(200);
            refresh(shortRefreshInstance(), login.path("refresh_token")).then().statusCode(401)
                    .body("type", equalTo("/problems/refresh-token-reused"));
            String family = claim(login.path("access_token"), "fam");
            assertThat(redis.ttl(RevocationList.familyKey(family))).isBetween(28_800L + 900, 28_800L + 930);
            assertThat(redis.get(RevocationList.familyKey(family))).isEqualTo(numericClaim(login.path("access_token"), "fam_exp"));
        }

        @Test
        @DisplayName("reuse detection ends one login only: the same user's other login keeps working")
        void reuseIsScopedToTheFamily() {
            Response stolen = loggedIn(instanceA, "alice");
            Response other = loggedIn(instanceA, "alice");
            refresh(instanceA, stolen.path("refresh_token")).then().statusCode(200);
            refresh(instanceA, stolen.path("refresh_token")).then().statusCode(401);
            me(instanceA, bearer(other)).then().statusCode(200);
            refresh(instanceA, other.path("refresh_token")).then().statusCode(200);
        }

        @Test
        @DisplayName("an unknown refresh token is a 401 problem; a malformed one or a missing field a 400")
        void badRefreshTokens() {
            refresh(instanceA, OpaqueTokens.randomId() + "." + "A".repeat(43)).then().statusCode(401).contentType(PROBLEM_JSON)
                    .body("type", equalTo("/problems/invalid-refresh-token"));
            refresh(instanceA, "not-a-token").then().statusCode(400).contentType(PROBLEM_JSON);
            refresh(instanceA, "A".repeat(43)).then().statusCode(400).contentType(PROBLEM_JSON); // no family
            postJson(at(instanceA), "/auth/refresh", "{}").then().statusCode(400).contentType(PROBLEM_JSON);
            postJson(at(instanceA), "/auth/refresh", "{\"refresh_token\":42}").then().statusCode(400);
            at(instanceA).post("/auth/refresh").then().statusCode(415).contentType(PROBLEM_JSON);
        }

        @Test
        @DisplayName("an access token is not a refresh token")
        void accessTokenCannotRefresh() {
            Response login = loggedIn(instanceA, "alice");
            refresh(instanceA, login.path("access_token")).then().statusCode(400);
        }

        @Test
        @DisplayName("Redis holds the SHA-256 of the refresh token, never the token, with a TTL of REFRESH_TOKEN_TTL, in its login's slot")
        void onlyTheHashIsStored() throws Exception {
            Response login = loggedIn(instanceA, "alice");
            String token = login.path("refresh_token");
            String family = claim(login.path("access_token"), "fam");
            assertThat(token).startsWith(family + ".");
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
            String key = "refresh:{" + family + "}:" + hash;
            assertThat(redis.ttl(key)).isBetween(28_700L, 28_800L);
            assertThat(redis.keys("*" + token + "*")).isEmpty();
            assertThat(redis.get(key)).doesNotContain(token).contains("alice");
        }
    }

    @Nested
    @DisplayName("logout and revocation")
    class Logout {
        @Test
        @DisplayName("logout on instance A revokes the token on instance B, and ends its refresh token")
        void logoutIsSeenByTheOtherInstance() {
            Response login = loggedIn(instanceA, "alice");
            me(instanceB, bearer(login)).then().statusCode(200);
            at(instanceA).header("Authorization", bearer(login)).post("/auth/logout").then().statusCode(204);
            // B answered for the token above, so its near cache holds "not revoked" until Redis's
            // pub/sub message of the logout reaches it: awaited, within a second.
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> me(instanceB, bearer(login)).then().statusCode(401)
                    .contentType(PROBLEM_JSON).header("WWW-Authenticate", containsString("the token has been revoked")));
            refresh(instanceB, login.path("refresh_token")).then().statusCode(401);
        }

        @Test
        @DisplayName("logout revokes the jti for the token's remaining life only, and the family for the family's life")
        void revocationEntriesExpire() {
            Response login = loggedIn(instanceA, "bob");
            at(instanceA).header("Authorization", bearer(login)).post("/auth/logout").then().statusCode(204);
            String family = claim(login.path("access_token"), "fam");
            long jtiTtl = redis.ttl(RevocationList.tokenKey(claim(login.path("access_token"), "jti"), family));
            long famTtl = redis.ttl(RevocationList.familyKey(family));
            assertThat(jtiTtl).isBetween(900L, 930L);
            assertThat(famTtl).isBetween(28_800L + 900, 28_800L + 930);
        }

        @Test
        @DisplayName("logout on an instance with a short REFRESH_TOKEN_TTL revokes the login until the login's own end (fam_exp), stored with the revocation")
        void logoutRevokesUntilTheFamilysOwnEnd() {
            Response login = loggedIn(instanceA, "bob");
            at(shortRefreshInstance()).header("Authorization", bearer(login)).post("/auth/logout").then().statusCode(204);
            String family = claim(login.path("access_token"), "fam");
            assertThat(redis.ttl(RevocationList.familyKey(family))).isBetween(28_800L + 900, 28_800L + 930);
            assertThat(redis.get(RevocationList.familyKey(family))).isEqualTo(numericClaim(login.path("access_token"), "fam_exp"));
        }

        @Test
        @DisplayName("a token the instance has verified and remembered is refused there right after logout: revocation is checked on every request")
        void rememberedTokenIsStillRevoked() {
            Response login = loggedIn(instanceA, "alice");
            me(instanceA, bearer(login)).then().statusCode(200);
            me(instanceA, bearer(login)).then().statusCode(200);
            // The logout on the same instance: what it learns itself it enforces at once (the other
            // instance's path, through Redis's pub/sub, is the test above).
            at(instanceA).header("Authorization", bearer(login)).post("/auth/logout").then().statusCode(204);
            me(instanceA, bearer(login)).then().statusCode(401).header("WWW-Authenticate", containsString("revoked"));
        }

        @Test
        @DisplayName("logout needs a valid access token: 401 without one or with a bad one")
        void logoutNeedsAToken() {
            at(instanceA).post("/auth/logout").then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"lab\"");
            at(instanceA).header("Authorization", "Bearer a.b.c").post("/auth/logout").then().statusCode(401);
        }

        @Test
        @DisplayName("logging out one login leaves the user's other logins alone")
        void logoutIsPerLogin() {
            Response laptop = loggedIn(instanceA, "alice");
            Response phone = loggedIn(instanceA, "alice");
            at(instanceA).header("Authorization", bearer(laptop)).post("/auth/logout").then().statusCode(204);
            me(instanceB, bearer(phone)).then().statusCode(200);
        }

        @Test
        @DisplayName("a healthy revocation check adds no X-Revocation-Check header")
        void noSkippedHeaderWhenHealthy() {
            me(instanceA, bearer(loggedIn(instanceA, "alice"))).then().statusCode(200)
                    .header("X-Revocation-Check", nullValue());
        }
    }

    @Nested
    @DisplayName("CORS for bearer tokens")
    class Cors {
        @Test
        @DisplayName("preflight: 204, any origin, Authorization named in Allow-Headers, Max-Age, and no Allow-Credentials")
        void preflightNamesAuthorization() {
            at(instanceA).header("Origin", "https://spa.example").header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization").options("/api/me").then()
                    .statusCode(204)
                    .header("Access-Control-Allow-Origin", "*")
                    .header("Access-Control-Allow-Headers", containsString("Authorization"))
                    .header("Access-Control-Max-Age", "600")
                    .header("Access-Control-Allow-Credentials", nullValue());
        }

        @Test
        @DisplayName("a cross-origin call may read WWW-Authenticate and X-Revocation-Check")
        void headersAreExposed() {
            at(instanceA).header("Origin", "https://spa.example").get("/api/me").then().statusCode(401)
                    .header("Access-Control-Allow-Origin", "*")
                    .header("Access-Control-Expose-Headers", containsString("WWW-Authenticate"))
                    .header("Access-Control-Expose-Headers", containsString("X-Revocation-Check"));
        }
    }

    @Test
    @DisplayName("no token, refresh token or secret ever appears in the log")
    void nothingSecretIsLogged() {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Response login;
        Response refreshed;
        try {
            login = loggedIn(instanceA, "alice");
            refreshed = refresh(instanceA, login.path("refresh_token"));
            refresh(instanceA, login.path("refresh_token")); // reuse: logged as a warning
            at(instanceA).header("Authorization", bearer(refreshed)).post("/auth/logout");
            me(instanceA, "Bearer " + login.path("access_token") + "x");
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("refresh token reuse");
        assertThat(log).doesNotContain((String) login.path("access_token"), login.path("refresh_token"),
                refreshed.path("access_token"), refreshed.path("refresh_token"), TestSecrets.CURRENT);
    }

    /** A third instance whose REFRESH_TOKEN_TTL (10 min) differs from the one the logins were made with. */
    private String shortRefreshInstance() {
        if (shortRefresh == null) {
            shortRefresh = start("short-refresh", Map.of("REFRESH_TOKEN_TTL", "600"));
        }
        return shortRefresh;
    }

    /** A numeric claim's value as text, e.g. fam_exp. */
    static String numericClaim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(payload);
        assertThat(m.find()).as("claim %s in %s", name, payload).isTrue();
        return m.group(1);
    }

    /** Reads one claim from a token's payload, as any client can (the payload is not encrypted). */
    static String claim(String token, String name) {
        String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(payload);
        assertThat(m.find()).as("claim %s in %s", name, payload).isTrue();
        return m.group(1);
    }
}
