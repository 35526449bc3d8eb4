package lab.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import lab.common.contract.AppUnderTest;
import lab.common.contract.Credential;
import lab.common.contract.LabInstances;
import lab.common.contract.RedisSupport;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** What only the session mechanism promises: cookie hygiene, fixation, CSRF, rotation, stores. */
@DisplayName("session-app")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class SessionBehaviourTest extends LabInstances {
    private static final String EVIL = "http://evil.example";

    @Override
    protected AppUnderTest app() {
        return new SessionUnderTest();
    }

    private static String sid(Response login) {
        return login.cookie("SID");
    }

    @Test
    @DisplayName("the SID cookie is HttpOnly, Path=/, SameSite=Lax, has no expiry and names its instance")
    void cookieAttributes() {
        String setCookie = loginResponse(instanceA, "alice", "alice-pw").header("Set-Cookie");
        assertThat(setCookie).startsWith("SID=").contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
                .doesNotContain("Max-Age", "Expires", "Secure").matches("SID=[A-Za-z0-9_-]{43}\\.instance-a;.*");
    }

    @Test
    @DisplayName("session ids are 256-bit random values, never repeated")
    void idsAreRandom() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(sid(loginResponse(instanceA, "alice", "alice-pw")).substring(0, 43));
        }
        assertThat(ids).hasSize(5);
    }

    @Test
    @DisplayName("login issues a new id even when the request brings one (session fixation)")
    void loginRotatesAPlantedSession() {
        Response first = loginResponse(instanceA, "alice", "alice-pw");
        Response second = at(instanceA).cookie("SID", sid(first)).contentType("application/json")
                .body(Map.of("username", "bob", "password", "bob-pw")).post("/auth/login");
        assertThat(sid(second)).isNotEqualTo(sid(first));
        at(instanceA).cookie("SID", sid(first)).get("/api/me").then().statusCode(401);
    }

    @Test
    @DisplayName("an id the server never issued is refused, never adopted")
    void foreignIdsAreNotAdopted() {
        String planted = "AttackerChosenIdAttackerChosenIdAttackerCh0.instance-a";
        at(instanceA).cookie("SID", planted).get("/api/me").then().statusCode(401);
        Response login = at(instanceA).cookie("SID", planted).contentType("application/json")
                .body(Map.of("username", "alice", "password", "alice-pw")).post("/auth/login");
        assertThat(sid(login)).doesNotStartWith("AttackerChosenId");
    }

    @Test
    @DisplayName("state changes need the session's CSRF token: missing or wrong is 403")
    void csrfTokenIsRequired() {
        Response login = loginResponse(instanceA, "bob", "bob-pw");
        String body = "{\"to\":\"carol\",\"amount\":1}";
        postJson(at(instanceA).cookie("SID", sid(login)), "/api/transfers", body).then()
                .statusCode(403).body("type", equalTo("/problems/csrf-token-invalid"));
        postJson(at(instanceA).cookie("SID", sid(login)).header("X-CSRF-Token", "wrong"), "/api/transfers", body)
                .then().statusCode(403);
        at(instanceA).cookie("SID", sid(login)).post("/auth/logout").then().statusCode(403);
        at(instanceA).cookie("SID", sid(login)).post("/auth/refresh").then().statusCode(403);
        at(instanceA).cookie("SID", sid(login)).get("/auth/csrf").then()
                .statusCode(200).body("csrfToken", equalTo(login.path("csrfToken")));
    }

    @Test
    @DisplayName("a state change from a foreign Origin is 403 even with the right token; an allowed one passes")
    void foreignOriginsAreRefused() {
        Credential bob = credentialFrom(loginResponse(instanceA, "bob", "bob-pw"));
        String body = "{\"to\":\"carol\",\"amount\":1}";
        postJson(bob.on(at(instanceA)).header("Origin", EVIL), "/api/transfers", body).then()
                .statusCode(403).body("type", equalTo("/problems/origin-not-allowed"));
        postJson(bob.on(at(instanceA)).header("Origin", "http://localhost:8080"), "/api/transfers", body).then()
                .statusCode(201).header("Access-Control-Allow-Origin", "http://localhost:8080")
                .header("Access-Control-Allow-Credentials", "true");
    }

    @Test
    @DisplayName("refresh rotates the id: the old cookie stops working, the new one works, the login keeps its CSRF token")
    void refreshRotatesTheId() {
        Response login = loginResponse(instanceA, "alice", "alice-pw");
        Credential before = credentialFrom(login);
        Response refreshed = before.on(at(instanceA)).post("/auth/refresh");
        refreshed.then().statusCode(200).body("csrfToken", equalTo(login.path("csrfToken")));
        assertThat(sid(refreshed)).isNotEqualTo(sid(login));
        before.on(at(instanceB)).get("/api/me").then().statusCode(401);
        at(instanceB).cookie("SID", sid(refreshed)).get("/api/me").then().statusCode(200);
    }

    @Test
    @DisplayName("a role change applies to a live session at its next request, on every instance: the session keeps who, not what")
    void roleChangeAppliesToLiveSessions() {
        Credential alice = login(instanceA, "alice");
        Credential bob = login(instanceA, "bob");
        try {
            alice.on(at(instanceB)).get("/api/admin").then().statusCode(403);
            changeRoles(bob.on(at(instanceA)), "alice", "user", "admin").then().statusCode(200);
            alice.on(at(instanceA)).get("/api/admin").then().statusCode(200);
            // Instance B's near cache drops alice's roles on Redis's report: awaited, within a second.
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                    alice.on(at(instanceB)).get("/api/admin").then().statusCode(200));

            changeRoles(bob.on(at(instanceB)), "alice", "user").then().statusCode(200);
            alice.on(at(instanceB)).get("/api/admin").then().statusCode(403);
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                    alice.on(at(instanceA)).get("/api/admin").then().statusCode(403));
            alice.on(at(instanceA)).get("/api/me").then().statusCode(200).body("roles", contains("user"));
        } finally {
            resetRoles();
        }
    }

    @Test
    @DisplayName("in Redis a session expires by TTL: the idle timeout, capped by the absolute one")
    void redisKeysCarryTheTimeouts() {
        String shortLived = start("short-lived", Map.of("SESSION_IDLE_TIMEOUT", "600", "SESSION_ABSOLUTE_TIMEOUT", "120"));
        String id = sid(loginResponse(shortLived, "alice", "alice-pw")).substring(0, 43);
        try (RedisClient redis = RedisClient.create(URI.create(RedisSupport.url(RedisSupport.shared())))) {
            long ttl = redis.ttl(RedisSessionStore.key(id));
            assertThat(ttl).isBetween(1L, 120L);
            assertThat(redis.keys("session:*")).noneMatch(key -> key.contains(id)); // only a hash of the id is stored
        }
        at(instanceA).get("/health").then().statusCode(200);
    }

    @Test
    @DisplayName("preflight from an allowed origin: 204, explicit origin, credentials; a foreign origin gets no CORS headers")
    void preflight() {
        at(instanceA).header("Origin", "http://localhost:8080").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type,x-csrf-token")
                .options("/api/transfers").then().statusCode(204)
                .header("Access-Control-Allow-Origin", "http://localhost:8080")
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Headers", "Content-Type, X-CSRF-Token");
        at(instanceA).header("Origin", EVIL).header("Access-Control-Request-Method", "POST")
                .options("/api/transfers").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Nested
    @DisplayName("with CSRF_PROTECTION=off (the lab's deliberately weak switch)")
    class WithoutCsrfProtection {
        @Test
        @DisplayName("a cookie alone is enough to make a transfer, even from a foreign Origin")
        void cookieAloneIsEnough() {
            String weak = start("weak", Map.of("CSRF_PROTECTION", "off"));
            String sid = sid(loginResponse(weak, "bob", "bob-pw"));
            postJson(at(weak).cookie("SID", sid).header("Origin", EVIL), "/api/transfers",
                    "{\"to\":\"mallory\",\"amount\":99}").then().statusCode(201);
        }
    }

    @Test
    @DisplayName("SESSION_COOKIE_NAME renames the cookie, so two stacks on one host keep separate cookies")
    void cookieNameIsConfigurable() {
        String renamed = start("renamed", Map.of("SESSION_COOKIE_NAME", "STICKY_SID"));
        Response login = loginResponse(renamed, "alice", "alice-pw");
        assertThat(login.cookie("STICKY_SID")).endsWith(".renamed");
        assertThat(login.cookie("SID")).isNull();
        at(renamed).cookie("STICKY_SID", login.cookie("STICKY_SID")).get("/api/me").then().statusCode(200);
        at(renamed).cookie("SID", login.cookie("STICKY_SID")).get("/api/me").then().statusCode(401);
    }

    @Test
    @DisplayName("a __Host- cookie (with COOKIE_SECURE=true) is Secure, Path=/ and has no Domain, as browsers demand")
    void hostPrefixedCookie() {
        String host = start("host-prefix", Map.of("SESSION_COOKIE_NAME", "__Host-SID", "COOKIE_SECURE", "true"));
        Response login = loginResponse(host, "alice", "alice-pw");
        assertThat(login.header("Set-Cookie")).startsWith("__Host-SID=").contains("; Path=/;", "; Secure")
                .doesNotContainIgnoringCase("domain");
        at(host).cookie("__Host-SID", login.cookie("__Host-SID")).get("/api/me").then().statusCode(200);
    }

    @Nested
    @DisplayName("with SESSION_STORE=memory")
    class MemoryStore {
        @Test
        @DisplayName("each instance keeps its own sessions: another instance does not know the user")
        void sessionsAreNotShared() {
            String one = start("memory-1", Map.of("SESSION_STORE", "memory"));
            String two = start("memory-2", Map.of("SESSION_STORE", "memory"));
            Credential alice = login(one, "alice");
            alice.on(at(one)).get("/api/me").then().statusCode(200).header("X-Instance", "memory-1");
            alice.on(at(two)).get("/api/me").then().statusCode(401);
            Response cookie = loginResponse(one, "alice", "alice-pw");
            assertThat(cookie.cookie("SID")).endsWith(".memory-1");
        }
    }

    @Nested
    @DisplayName("refuses to start on a bad configuration, naming the variable")
    class Configuration {
        private ConfigException rejected(Map<String, String> env) {
            Throwable thrown = Assertions.catchThrowable(() -> SessionApp.create(new Env(env)));
            assertThat(thrown).isInstanceOf(ConfigException.class);
            return (ConfigException) thrown;
        }

        @Test
        @DisplayName("SESSION_STORE, SESSION_IDLE_TIMEOUT, COOKIE_SAMESITE, CORS_ALLOWED_ORIGINS, REDIS_URL, REDIS_NEAR_CACHE")
        void badValues() {
            assertThat(rejected(Map.of("SESSION_STORE", "disk")).getMessage()).startsWith("SESSION_STORE:");
            assertThat(rejected(Map.of("SESSION_STORE", "memory", "SESSION_IDLE_TIMEOUT", "soon")).getMessage())
                    .startsWith("SESSION_IDLE_TIMEOUT:");
            assertThat(rejected(Map.of("SESSION_STORE", "memory", "COOKIE_SAMESITE", "None")).getMessage())
                    .startsWith("COOKIE_SAMESITE:");
            assertThat(rejected(Map.of("SESSION_STORE", "memory", "CORS_ALLOWED_ORIGINS", "*")).getMessage())
                    .startsWith("CORS_ALLOWED_ORIGINS:");
            assertThat(rejected(Map.of()).getMessage()).startsWith("REDIS_URL:");
            assertThat(rejected(Map.of("SESSION_STORE", "memory", "SESSION_COOKIE_NAME", "a b")).getMessage())
                    .startsWith("SESSION_COOKIE_NAME:");
            assertThat(rejected(Map.of("REDIS_URL", "http://redis")).getMessage()).startsWith("REDIS_URL:");
            assertThat(rejected(Map.of("SESSION_STORE", "memory", "REDIS_NEAR_CACHE", "maybe")).getMessage())
                    .startsWith("REDIS_NEAR_CACHE:");
            assertThatThrownBy(() -> SessionApp.create(new Env(Map.of("SESSION_STORE", "memory", "PORT", "70000"))))
                    .hasMessageStartingWith("PORT:");
        }

        @Test
        @DisplayName("cookie names are RFC 6265 tokens; __Host- and __Secure- need COOKIE_SECURE=true")
        void cookieNames() {
            for (String bad : List.of("a b", "SID;", "a=b", "\"SID\"", "__Host-SID", "__host-sid", "__Secure-SID")) {
                assertThat(rejected(Map.of("SESSION_STORE", "memory", "SESSION_COOKIE_NAME", bad)).getMessage())
                        .startsWith("SESSION_COOKIE_NAME:");
            }
            for (String good : List.of("SID", "session-id", "my.sid", "STICKY_SID")) {
                assertThat(SessionConfig.from(new Env(Map.of("SESSION_COOKIE_NAME", good))).cookieName()).isEqualTo(good);
            }
            assertThat(SessionConfig.from(new Env(Map.of("SESSION_COOKIE_NAME", "__Host-SID", "COOKIE_SECURE", "true")))
                    .cookieName()).isEqualTo("__Host-SID");
            assertThat(SessionConfig.from(new Env(Map.of("SESSION_COOKIE_NAME", "__Secure-SID", "COOKIE_SECURE", "true")))
                    .cookieName()).isEqualTo("__Secure-SID");
        }

        @Test
        @DisplayName("the process prints one line naming the variable and exits with status 2")
        void processExitsWithOneLine() throws Exception {
            ProcessBuilder bad = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-cp", System.getProperty("java.class.path"), SessionApp.class.getName());
            bad.environment().put("SESSION_STORE", "disk");
            bad.redirectErrorStream(true);
            Process run = bad.start();
            String output = new String(run.getInputStream().readAllBytes()).trim();
            assertThat(run.waitFor()).isEqualTo(2);
            assertThat(output).isEqualTo("invalid configuration: SESSION_STORE: must be one of redis, memory, was 'disk'");
        }
    }
}
