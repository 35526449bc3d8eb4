package lab.session;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.javalin.Javalin;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import lab.common.config.Env;
import lab.common.contract.RedisSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/** Redis frozen under a running instance: a quick 503, never a hang or a 500, and recovery without restart. */
@DisplayName("session-app when Redis is unreachable")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class RedisOutageTest {
    private static final GenericContainer<?> REDIS = RedisSupport.newContainer();
    // A hang would fail the test instead of blocking it: the client gives up after 5 s.
    private static final RestAssuredConfig FIVE_SECONDS = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 5000).setParam("http.connection.timeout", 5000));
    private static Javalin app;

    @BeforeAll
    static void start() {
        REDIS.start();
        app = SessionApp.create(new Env(Map.of("PORT", "0", "INSTANCE_ID", "outage", "REDIS_URL", RedisSupport.url(REDIS))))
                .start();
    }

    @AfterAll
    static void stop() {
        app.stop();
        REDIS.stop();
    }

    private static RequestSpecification request() {
        return given().config(FIVE_SECONDS).baseUri("http://127.0.0.1:" + app.port());
    }

    private static void freezeRedis(boolean frozen) {
        var docker = DockerClientFactory.instance().client();
        if (frozen) {
            docker.pauseContainerCmd(REDIS.getContainerId()).exec();
        } else {
            docker.unpauseContainerCmd(REDIS.getContainerId()).exec();
        }
    }

    @Test
    @DisplayName("requests that need the store get a 503 problem, /health says down, and service resumes by itself")
    void outageIsA503ThenRecovers() {
        // Set-up, not under test: no hang guard (a login's hash can take seconds on a loaded machine).
        String sid = given().baseUri("http://127.0.0.1:" + app.port()).contentType("application/json").body(Map.of("username", "alice", "password", "alice-pw"))
                .post("/auth/login").cookie("SID");
        freezeRedis(true);
        try {
            request().cookie("SID", sid).get("/api/me").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "2");
            request().get("/health").then().statusCode(503).body("redis", equalTo("down"));
        } finally {
            freezeRedis(false);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                request().cookie("SID", sid).get("/api/me").then().statusCode(200));
        request().get("/health").then().statusCode(200).body("redis", equalTo("up"));
    }
}
