package lab.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.javalin.Javalin;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lab.common.config.Env;
import lab.common.contract.RedisSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.resps.AccessControlLogEntry;

/**
 * A Redis that wants a password: the default user has one, and the ACL user {@code lab} may touch
 * only the keys and commands that session-app and common use (the list the compose stack's ACL
 * needs; token-app adds its own).
 */
@DisplayName("session-app with a password-protected Redis")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class RedisAuthTest {
    static final List<String> ACL = List.of("lab", "on", ">lab-s3cret", "resetkeys", "~session:*", "~transfers:*", "~directory:roles:*",
            "~ratelimit:*", "resetchannels", "&__redis__:invalidate", "-@all", "+ping", "+hello",
            "+hset", "+expire", "+eval", "+hmget", "+hget", "+hexists", "+ttl", "+pttl", "+del",
            "+client|id", "+client|tracking", "+subscribe", "+unsubscribe",
            "+get", "+set", "+psetex", "+lpush", "+ltrim", "+lrange");
    private static final GenericContainer<?> REDIS = new GenericContainer<>(RedisSupport.IMAGE)
            .withCommand(command())
            .withExposedPorts(6379)
            .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    private static final List<Javalin> APPS = new ArrayList<>();

    private static String[] command() {
        List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no",
                "--requirepass", "default-s3cret", "--user"));
        command.addAll(ACL);
        return command.toArray(String[]::new);
    }

    @BeforeAll
    static void startRedis() {
        REDIS.start();
    }

    @AfterAll
    static void stop() {
        APPS.forEach(Javalin::stop);
        REDIS.stop();
    }

    private static RequestSpecification appWith(String redisUrl) {
        Javalin app = SessionApp.create(new Env(Map.of("PORT", "0", "INSTANCE_ID", "auth", "REDIS_URL", redisUrl))).start();
        APPS.add(app);
        return given().baseUri("http://127.0.0.1:" + app.port());
    }

    private static String hostAndPort() {
        return REDIS.getHost() + ":" + REDIS.getMappedPort(6379);
    }

    @Test
    @DisplayName("the ACL user with its password (redis://user:password@host) logs in, refreshes, transfers and logs out")
    void aclUserWorks() {
        RequestSpecification app = appWith("redis://lab:lab-s3cret@" + hostAndPort());
        app.get("/health").then().statusCode(200).body("redis", equalTo("up"));
        Response login = app.contentType("application/json").body(Map.of("username", "bob", "password", "bob-pw"))
                .post("/auth/login");
        login.then().statusCode(200);
        String csrf = login.path("csrfToken");
        Response refreshed = given().spec(app).cookie("SID", login.cookie("SID")).header("X-CSRF-Token", csrf)
                .post("/auth/refresh");
        refreshed.then().statusCode(200);
        RequestSpecification bob = given().spec(app).cookie("SID", refreshed.cookie("SID")).header("X-CSRF-Token", csrf);
        given().spec(bob).contentType("application/json").body("{\"to\":\"carol\",\"amount\":5}")
                .post("/api/transfers").then().statusCode(201);
        given().spec(bob).get("/api/transfers").then().statusCode(200).body("transfers[0].to", equalTo("carol"));
        given().spec(bob).post("/auth/logout").then().statusCode(204);
        given().spec(bob).get("/api/me").then().statusCode(401);

        // The login limits live in Redis too (a refused command would fall back to memory silently).
        given().spec(app).contentType("application/json").body(Map.of("username", "acl-check", "password", "wrong"))
                .post("/auth/login").then().statusCode(401);
        try (RedisClient admin = RedisClient.create(URI.create("redis://:default-s3cret@" + hostAndPort()))) {
            assertThat(admin.exists("ratelimit:login:account:acl-check")).isTrue();
            assertThat(admin.keys("*")).allMatch(key -> key.matches("(session|transfers|ratelimit):.*"));
        }
        // The near cache's channel works under the ACL too (refused, it would fall back to Redis silently):
        // a subscriber of user lab with key tracking on (flag t), and nothing in the ACL LOG but logins.
        try (Jedis admin = new Jedis(URI.create("redis://:default-s3cret@" + hostAndPort()))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> admin.clientList(ClientType.PUBSUB).lines()
                    .anyMatch(client -> client.contains("user=lab") && client.matches(".* flags=\\S*t\\S* .*")));
            assertThat(admin.aclLog()).extracting(AccessControlLogEntry::getReason).allMatch("auth"::equals);
        }
    }

    @Test
    @DisplayName("the default user's password alone (redis://:password@host) works too")
    void passwordOnlyWorks() {
        appWith("redis://:default-s3cret@" + hostAndPort()).get("/health").then().statusCode(200).body("redis", equalTo("up"));
    }

    @Test
    @DisplayName("a wrong password: what needs Redis is a 503 problem, /health says Redis is down, never a 500")
    void wrongPasswordIsA503() {
        RequestSpecification app = appWith("redis://lab:not-the-password@" + hostAndPort());
        given().spec(app).get("/health").then().statusCode(503).body("redis", equalTo("down"));
        given().spec(app).cookie("SID", "A".repeat(43) + ".auth").get("/api/me").then()
                .statusCode(503).contentType("application/problem+json");
        given().spec(app).contentType("application/json").body(Map.of("username", "alice", "password", "alice-pw"))
                .post("/auth/login").then().statusCode(503).contentType("application/problem+json");
    }

    @Test
    @DisplayName("rediss:// speaks TLS: against this plain-text Redis it is down, not silently unencrypted")
    void redissMeansTls() {
        appWith("rediss://lab:lab-s3cret@" + hostAndPort()).get("/health").then().statusCode(503)
                .body("redis", equalTo("down"));
    }
}
