package lab.token;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.javalin.Javalin;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.common.config.Env;
import lab.common.contract.RedisSupport;
import lab.common.testing.MutableClock;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** REVOCATION=off and no Redis: what a purely stateless token can and cannot do. */
@DisplayName("token-app without revocation, and without Redis")
class StatelessModesTest {
    private final List<Javalin> running = new ArrayList<>();

    private Javalin start(Map<String, String> extra) {
        return start(extra, Clock.systemUTC());
    }

    private Javalin start(Map<String, String> extra, Clock clock) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "INSTANCE_ID", "stateless-" + running.size(),
                "JWT_SECRET", TestSecrets.CURRENT));
        env.putAll(extra);
        Javalin app = TokenApp.create(new Env(env), clock).start();
        running.add(app);
        return app;
    }

    @AfterEach
    void stop() {
        running.forEach(Javalin::stop);
    }

    private static RequestSpecification at(Javalin app) {
        return given().baseUri("http://127.0.0.1:" + app.port());
    }

    private static Response login(Javalin app) {
        Response response = at(app).contentType("application/json").body(Map.of("username", "alice", "password", "alice-pw"))
                .post("/auth/login");
        response.then().statusCode(200);
        return response;
    }

    @Tag("docker") // needs a real Redis
    @Test
    @DisplayName("REVOCATION=off: logout answers 204, yet the token keeps working, on every instance, until it expires (the lesson)")
    void logoutCannotStopAStatelessToken() {
        Map<String, String> withRedis = Map.of("REVOCATION", "off", "REDIS_URL", RedisSupport.url(RedisSupport.shared()));
        Javalin a = start(withRedis);
        Javalin b = start(withRedis);
        String token = "Bearer " + login(a).path("access_token");
        at(a).header("Authorization", token).post("/auth/logout").then().statusCode(204);
        at(a).header("Authorization", token).get("/api/me").then().statusCode(200).body("username", equalTo("alice"));
        at(b).header("Authorization", token).get("/api/me").then().statusCode(200);
    }

    @Tag("docker") // needs a real Redis
    @Test
    @DisplayName("REVOCATION=off with Redis: logout still ends the login's refresh token (a copy mints nothing more); the access token works until it expires")
    void logoutEndsTheRefreshFamilyEvenWithoutRevocation() {
        Javalin app = start(Map.of("REVOCATION", "off", "REDIS_URL", RedisSupport.url(RedisSupport.shared())));
        Response login = login(app);
        String token = "Bearer " + login.path("access_token");
        at(app).header("Authorization", token).post("/auth/logout").then().statusCode(204);
        at(app).contentType("application/json").body(Map.of("refresh_token", login.path("refresh_token")))
                .post("/auth/refresh").then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("/problems/invalid-refresh-token"))
                .body("detail", Matchers.containsString("login has ended"));
        at(app).header("Authorization", token).get("/api/me").then().statusCode(200)
                .header("X-Revocation-Check", nullValue());
    }

    @Test
    @DisplayName("no REDIS_URL with REVOCATION=off: login works without a refresh_token, /auth/refresh is a 400 problem explaining why")
    void withoutRedisThereIsNoRefresh() {
        Javalin app = start(Map.of("REVOCATION", "off"));
        Response login = login(app);
        login.then().body("refresh_token", nullValue()).body("token_type", equalTo("Bearer"));
        at(app).header("Authorization", "Bearer " + login.path("access_token")).get("/api/me").then().statusCode(200);
        at(app).contentType("application/json").body("{\"refresh_token\":\"" + "A".repeat(43) + "\"}").post("/auth/refresh")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("/problems/refresh-needs-redis"))
                .body("detail", Matchers.containsString("REDIS_URL"));
        at(app).get("/health").then().statusCode(200).body("redis", equalTo("not-used"));
    }

    @Test
    @DisplayName("an access token stops working when it expires (plus CLOCK_SKEW), with no server state at all")
    void tokensExpire() {
        MutableClock clock = new MutableClock();
        Javalin app = start(Map.of("REVOCATION", "off", "ACCESS_TOKEN_TTL", "60", "CLOCK_SKEW", "5"), clock);
        String token = "Bearer " + login(app).path("access_token");
        clock.advance(Duration.ofSeconds(64));
        at(app).header("Authorization", token).get("/api/me").then().statusCode(200);
        clock.advance(Duration.ofSeconds(2));
        at(app).header("Authorization", token).get("/api/me").then().statusCode(401)
                .header("WWW-Authenticate", Matchers.containsString("the token has expired"));
    }
}
