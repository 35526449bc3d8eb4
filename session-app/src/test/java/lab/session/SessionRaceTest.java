package lab.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Stream;
import lab.common.auth.OpaqueTokens;
import lab.common.config.Env;
import lab.common.config.LabConfig;
import lab.common.contract.RedisSupport;
import lab.common.http.CorsPolicy;
import lab.common.http.Csrf;
import lab.common.server.LabServer;
import lab.common.transfers.MemoryTransferStore;
import lab.common.users.UserDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.RedisClient;

/**
 * Refresh and logout of one session, sent at the same moment, over and over. Sessions are put into
 * the store directly (a login would cost a password hash each), then used over HTTP like a browser.
 */
@DisplayName("a session refresh racing a logout")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class SessionRaceTest {
    private static final SessionConfig CONFIG = SessionConfig.from(new Env(Map.of()));
    private static final RedisClient REDIS = RedisClient.create(URI.create(RedisSupport.url(RedisSupport.shared())));
    private static final ExecutorService THREADS = Executors.newFixedThreadPool(2);

    static Stream<Function<Clock, SessionStore>> stores() {
        return Stream.of(clock -> new MemorySessionStore(CONFIG, clock), clock -> new RedisSessionStore(REDIS, CONFIG, clock));
    }

    @AfterAll
    static void close() {
        THREADS.shutdownNow();
        REDIS.close();
    }

    private record Server(Javalin app, SessionStore store) {
        RequestSpecification as(Session session) {
            return given().baseUri("http://127.0.0.1:" + app.port()).cookie("SID", session.id() + ".race")
                    .header("X-CSRF-Token", session.csrfToken());
        }

        Session newSession() {
            Session session = new Session(OpaqueTokens.random(), "alice", OpaqueTokens.random(),
                    Clock.systemUTC().instant().getEpochSecond());
            store.save(session);
            return session;
        }
    }

    private static Server start(SessionStore store) {
        LabConfig lab = LabConfig.from(new Env(Map.of("PORT", "0", "INSTANCE_ID", "race")), "http://localhost:8080");
        var cors = new CorsPolicy(lab.corsAllowedOrigins(), true, List.of("Content-Type", Csrf.HEADER));
        UserDirectory users = UserDirectory.inMemory();
        var mechanism = new SessionMechanism(store, new SessionCookie("race", CONFIG), CONFIG, cors, Clock.systemUTC(), users);
        return new Server(LabServer.create(lab, mechanism, users, new MemoryTransferStore(), Optional.empty()).start(), store);
    }

    @ParameterizedTest(name = "{index}: 50 races, memory then Redis: no session survives, whoever wins")
    @MethodSource("stores")
    void noSessionSurvives(Function<Clock, SessionStore> factory) throws Exception {
        Server server = start(factory.apply(Clock.systemUTC()));
        try {
            for (int round = 0; round < 50; round++) {
                Session session = server.newSession();
                CountDownLatch go = new CountDownLatch(1);
                CompletableFuture<Response> refresh = CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return server.as(session).post("/auth/refresh");
                }, THREADS);
                CompletableFuture<Response> logout = CompletableFuture.supplyAsync(() -> {
                    await(go);
                    return server.as(session).post("/auth/logout");
                }, THREADS);
                go.countDown();
                Response refreshed = refresh.get();
                assertThat(refreshed.statusCode()).isIn(200, 401);
                assertThat(logout.get().statusCode()).isIn(204, 401);
                server.as(session).get("/api/me").then().statusCode(401);
                if (refreshed.statusCode() == 200) {
                    String newCookie = refreshed.cookie("SID");
                    given().baseUri("http://127.0.0.1:" + server.app().port()).cookie("SID", newCookie)
                            .get("/api/me").then().statusCode(401);
                }
            }
        } finally {
            server.app().stop();
        }
    }

    @ParameterizedTest(name = "{index}: memory then Redis: a logout with the id a refresh just replaced still ends the login")
    @MethodSource("stores")
    void logoutFollowsARotation(Function<Clock, SessionStore> factory) {
        Server server = start(factory.apply(Clock.systemUTC()));
        try {
            Session session = server.newSession();
            Response refreshed = server.as(session).post("/auth/refresh");
            refreshed.then().statusCode(200);
            String newId = refreshed.cookie("SID").substring(0, 43);
            server.as(session).post("/auth/refresh").then().statusCode(401); // the old id cannot refresh twice
            server.as(session).get("/api/me").then().statusCode(401);
            server.as(session.withId(newId)).get("/api/me").then().statusCode(200);

            server.as(session).post("/auth/logout").then().statusCode(204);
            server.as(session.withId(newId)).get("/api/me").then().statusCode(401);
        } finally {
            server.app().stop();
        }
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
