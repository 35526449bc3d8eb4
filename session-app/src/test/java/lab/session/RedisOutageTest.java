package lab.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.javalin.Javalin;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lab.common.config.Env;
import lab.common.contract.RedisSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.ClientKillParams.SkipMe;

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
        return request(app);
    }

    private static RequestSpecification request(Javalin instance) {
        return given().config(FIVE_SECONDS).baseUri("http://127.0.0.1:" + instance.port());
    }

    private static String login(Javalin instance) {
        // Set-up, not under test: no hang guard (a login's hash can take seconds on a loaded machine).
        return given().baseUri("http://127.0.0.1:" + instance.port()).contentType("application/json")
                .body(Map.of("username", "alice", "password", "alice-pw")).post("/auth/login").cookie("SID");
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
        String sid = login(app);
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

    @Test
    @DisplayName("Redis closes the instance's pooled connections (CLIENT KILL) and stays up: the next request is retried on a fresh connection and served")
    void connectionsClosedByRedisAreRetried() throws Exception {
        // Near cache off: every request reads the session and the roles from Redis, through the pool.
        Javalin uncached = SessionApp.create(new Env(Map.of("PORT", "0", "INSTANCE_ID", "uncached",
                "REDIS_URL", RedisSupport.url(REDIS), "REDIS_NEAR_CACHE", "off"))).start();
        ExecutorService crowd = Executors.newFixedThreadPool(8);
        try (Jedis operator = new Jedis(REDIS.getHost(), REDIS.getMappedPort(6379))) {
            String sid = login(uncached);
            for (int round = 0; round < 3; round++) {
                // Requests at once, held by Redis for 300 ms (well under the 1 s read timeout), so that
                // the pool ends up with several idle connections, all closed below: the retry must get
                // a fresh one (the replacement of the one that failed), not another of them.
                operator.clientPause(300, ClientPauseMode.ALL);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    answers.add(crowd.submit(() -> request(uncached).cookie("SID", sid).get("/api/me").statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
                // What a Redis restart does to every pooled connection, without the restart: the next
                // request finds its connection closed (the pool tests idle ones only once a second).
                assertThat(operator.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL).skipMe(SkipMe.YES)))
                        .as("connections closed").isGreaterThan(2);
                request(uncached).cookie("SID", sid).get("/api/me").then().statusCode(200).body("username", equalTo("alice"));
            }
        } finally {
            crowd.shutdownNow();
            uncached.stop();
        }
    }
}
