package lab.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.javalin.Javalin;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.ClientKillParams.SkipMe;

/**
 * Redis failing under two running instances: the availability trade-off of REVOCATION_FAILURE. With
 * {@code open}, only a Redis known to be down (it refuses connections) lets tokens through on their
 * signature alone, and the app says so; a Redis that is up but does not answer gets a 503, so that a
 * logged-out token is never served. {@code closed} refuses with a 503 in both cases.
 */
@DisplayName("token-app when Redis (the revocation list) is unreachable")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class RedisOutageTest {
    // A fixed host port, so that Redis stopped and started again is found where the instances expect it.
    private final int redisPort = freePort();
    private final GenericContainer<?> redis = RedisSupport.newContainer().withCreateContainerCmdModifier(cmd ->
            cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindPort(redisPort), ExposedPort.tcp(6379))));
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
        // The near cache off: these tests are about the lookup in Redis itself (with it on, a token
        // logged out on this instance is refused from memory; RevocationNearCacheTest covers that).
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "INSTANCE_ID", instance, "REDIS_URL", RedisSupport.url(redis),
                "JWT_SECRET", TestSecrets.CURRENT, "REVOCATION_FAILURE", failure, "REDIS_NEAR_CACHE", "off"));
        return TokenApp.create(new Env(env)).start();
    }

    @AfterAll
    void stop() {
        failOpen.stop();
        failClosed.stop();
        redis.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RequestSpecification at(Javalin app) {
        return given().config(FIVE_SECONDS).baseUri("http://127.0.0.1:" + app.port());
    }

    /** Without the 5 s limit: a login costs a PBKDF2 hash, slow on a busy machine. */
    private static String login(Javalin app) {
        return "Bearer " + given().baseUri("http://127.0.0.1:" + app.port()).contentType("application/json").body(Map.of("username", "alice", "password", "alice-pw"))
                .post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    /** Redis stopped: its port refuses connections, the one failure that says Redis is down. */
    private void runRedis(boolean running) {
        var docker = DockerClientFactory.instance().client();
        if (running) {
            docker.startContainerCmd(redis.getContainerId()).exec();
        } else {
            docker.stopContainerCmd(redis.getContainerId()).withTimeout(5).exec();
        }
    }

    @Test
    @DisplayName("Redis up, its clients paused (CLIENT PAUSE 4000 ALL) after a logout: the logged-out token is never accepted, every answer is 401 or 503")
    void pausedRedisNeverServesARevokedToken() throws Exception {
        String token = login(failOpen);
        at(failOpen).header("Authorization", token).post("/auth/logout").then().statusCode(204);

        // A second connection, as an operator or a slow command would: Redis stays up and holds every client.
        Container.ExecResult pause = redis.execInContainer("redis-cli", "CLIENT", "PAUSE", "4000", "ALL");
        assertThat(pause.getStdout()).contains("OK");
        List<Integer> statuses = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int status = at(failOpen).header("Authorization", token).get("/api/me").statusCode();
            statuses.add(status);
            // The pause was hit (something else than the 401 of a revoked token came back), and is over.
            return statuses.stream().anyMatch(answer -> answer != 401) && status == 401;
        });
        assertThat(statuses).as("answers to the logged-out token during and after the pause").containsOnly(401, 503);
    }

    @Test
    @DisplayName("Redis closes the instances' pooled connections (CLIENT KILL) and stays up: the next request is retried on a fresh connection and served, in both modes")
    void connectionsClosedByRedisAreRetried() throws Exception {
        String openToken = login(failOpen);
        String closedToken = login(failClosed);
        ExecutorService crowd = Executors.newFixedThreadPool(8);
        try (Jedis operator = new Jedis(redis.getHost(), redis.getMappedPort(6379))) {
            for (int round = 0; round < 3; round++) {
                // Requests at once, held by Redis for 300 ms (well under the 1 s read timeout), so
                // that each pool ends up with several idle connections, all closed below: the retry
                // must get a fresh one (the replacement of the one that failed), not another of them.
                operator.clientPause(300, ClientPauseMode.ALL);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    String token = i % 2 == 0 ? openToken : closedToken;
                    Javalin app = i % 2 == 0 ? failOpen : failClosed;
                    answers.add(crowd.submit(() -> at(app).header("Authorization", token).get("/api/me").statusCode()));
                }
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
                // What a Redis restart does to every pooled connection, without the restart: the next
                // request finds its connection closed (the pool tests idle ones only once a second).
                assertThat(operator.clientKill(ClientKillParams.clientKillParams().type(ClientType.NORMAL).skipMe(SkipMe.YES)))
                        .as("connections closed, of both instances' pools").isGreaterThan(4);
                at(failOpen).header("Authorization", openToken).get("/api/me").then()
                        .statusCode(200).header("X-Revocation-Check", nullValue());
                at(failClosed).header("Authorization", closedToken).get("/api/me").then().statusCode(200);
            }
        } finally {
            crowd.shutdownNow();
        }
    }

    @Test
    @DisplayName("open: tokens are served on their signature alone with X-Revocation-Check: skipped; closed: 503 problem; both recover")
    void failureModes() {
        String openToken = login(failOpen);
        String closedToken = login(failClosed);
        runRedis(false);
        try {
            // The published port may still accept for a moment while Docker takes it down (a connection
            // that ends at once, 503); the first refused connection opens the breaker.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                    at(failOpen).header("Authorization", openToken).get("/api/me").then().statusCode(200));
            for (int i = 0; i < 5; i++) {
                at(failOpen).header("Authorization", openToken).get("/api/me").then()
                        .statusCode(200).header("X-Revocation-Check", "skipped").body("username", equalTo("alice"));
            }
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
            runRedis(true);
        }
        // Probed about once a second: the check is back soon after Redis is.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            at(failClosed).header("Authorization", closedToken).get("/api/me").then().statusCode(200);
            at(failOpen).header("Authorization", openToken).get("/api/me").then().statusCode(200)
                    .header("X-Revocation-Check", nullValue());
        });
        at(failClosed).get("/health").then().statusCode(200).body("status", equalTo("up"));
    }
}
