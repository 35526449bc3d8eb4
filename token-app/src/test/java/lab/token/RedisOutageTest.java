package lab.token;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.javalin.Javalin;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import lab.common.config.Env;
import lab.common.contract.RedisSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * Redis frozen under two running instances: the availability trade-off of REVOCATION_FAILURE.
 * {@code open} keeps serving on the signature alone (and says so); {@code closed} refuses with a 503.
 */
@DisplayName("token-app when Redis (the revocation list) is unreachable")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageTest {
    private final GenericContainer<?> redis = RedisSupport.newContainer();
    // A hang would fail the test instead of blocking it: the client gives up after 5 s.
    private static final RestAssuredConfig FIVE_SECONDS = RestAssuredConfig.config().httpClient(
            HttpClientConfig.httpClientConfig().setParam("http.socket.timeout", 5000).setParam("http.connection.timeout", 5000));
    private Javalin failOpen;
    private Javalin failClosed;

    @BeforeAll
    void start() {
        redis.start();
        failOpen = start("fail-open", "open");
        failClosed = start("fail-closed", "closed");
    }

    private Javalin start(String instance, String failure) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "INSTANCE_ID", instance, "REDIS_URL", RedisSupport.url(redis),
                "JWT_SECRET", TestSecrets.CURRENT, "REVOCATION_FAILURE", failure));
        return TokenApp.create(new Env(env)).start();
    }

    @AfterAll
    void stop() {
        failOpen.stop();
        failClosed.stop();
        redis.stop();
    }

    private static RequestSpecification at(Javalin app) {
        return given().config(FIVE_SECONDS).baseUri("http://127.0.0.1:" + app.port());
    }

    private static String login(Javalin app) {
        return "Bearer " + at(app).contentType("application/json").body(Map.of("username", "alice", "password", "alice-pw"))
                .post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    private void freezeRedis(boolean frozen) {
        var docker = DockerClientFactory.instance().client();
        if (frozen) {
            docker.pauseContainerCmd(redis.getContainerId()).exec();
        } else {
            docker.unpauseContainerCmd(redis.getContainerId()).exec();
        }
    }

    @Test
    @DisplayName("open: tokens are served on their signature alone with X-Revocation-Check: skipped; closed: 503 problem; both recover")
    void failureModes() {
        String openToken = login(failOpen);
        String closedToken = login(failClosed);
        freezeRedis(true);
        try {
            at(failOpen).header("Authorization", openToken).get("/api/me").then()
                    .statusCode(200).header("X-Revocation-Check", "skipped").body("username", equalTo("alice"));
            at(failOpen).get("/health").then().statusCode(200).body("status", equalTo("degraded"));

            at(failClosed).header("Authorization", closedToken).get("/api/me").then()
                    .statusCode(503).contentType("application/problem+json").header("Retry-After", "2")
                    .body("type", equalTo("/problems/dependency-unavailable"));
            at(failClosed).get("/health").then().statusCode(503).body("redis", equalTo("down"));

            // What cannot work without Redis fails cleanly, whatever the mode: a new login (its refresh
            // token lives in Redis) and a logout (the revocation must be written).
            at(failOpen).contentType("application/json").body(Map.of("username", "bob", "password", "bob-pw"))
                    .post("/auth/login").then().statusCode(503).contentType("application/problem+json");
            at(failOpen).header("Authorization", openToken).post("/auth/logout").then().statusCode(503);
        } finally {
            freezeRedis(false);
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            at(failClosed).header("Authorization", closedToken).get("/api/me").then().statusCode(200);
            at(failOpen).header("Authorization", openToken).get("/api/me").then().statusCode(200)
                    .header("X-Revocation-Check", nullValue());
        });
        at(failClosed).get("/health").then().statusCode(200).body("status", equalTo("up"));
    }
}
