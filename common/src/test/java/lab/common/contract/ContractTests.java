package lab.common.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.javalin.Javalin;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import lab.common.config.Env;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.GenericContainer;

/**
 * The HTTP contract, once, for both apps. Each app's test class says how to build the app and how a
 * login response becomes a {@link Credential}; every scenario here then runs against two instances
 * of that app sharing one real Redis.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContractTests extends LabInstances {
    @Test
    @DisplayName("login answers the user, its roles and the serving instance, and is never cached")
    void loginAnswersIdentity() {
        loginResponse(instanceA, "bob", "bob-pw").then()
                .statusCode(200)
                .header("X-Instance", "instance-a")
                .header("Cache-Control", "no-store")
                .body("username", equalTo("bob"))
                .body("roles", contains("user", "admin"))
                .body("instance", equalTo("instance-a"));
    }

    @Test
    @DisplayName("a wrong password and an unknown user get the same 401 body (no user enumeration)")
    void failedLoginsLookAlike() {
        Response wrongPassword = loginResponse(instanceA, "alice", "not-her-password");
        Response unknownUser = loginResponse(instanceA, "mallory", "whatever");
        wrongPassword.then().statusCode(401).contentType(PROBLEM_JSON);
        unknownUser.then().statusCode(401).contentType(PROBLEM_JSON);
        assertThat(unknownUser.asString()).isEqualTo(wrongPassword.asString());
    }

    @Test
    @DisplayName("GET /api/me names the user and the mechanism; without a credential it is a 401 problem")
    void meNeedsACredential() {
        Credential alice = login(instanceA, "alice");
        alice.on(at(instanceA)).get("/api/me").then()
                .statusCode(200)
                .body("username", equalTo("alice"))
                .body("mechanism", equalTo(app().mechanism()))
                .body("instance", equalTo("instance-a"));
        at(instanceA).get("/api/me").then().statusCode(401).contentType(PROBLEM_JSON)
                .body("type", startsWith("/problems/"));
    }

    @Test
    @DisplayName("GET /api/admin: 200 for bob (admin), 403 for alice (user only)")
    void adminNeedsTheRole() {
        login(instanceA, "bob").on(at(instanceA)).get("/api/admin").then().statusCode(200);
        login(instanceA, "alice").on(at(instanceA)).get("/api/admin").then()
                .statusCode(403).contentType(PROBLEM_JSON);
    }

    @Test
    @DisplayName("POST /api/admin/roles: 403 for a user who is not an admin, 404 for an unknown user, 400 for an unknown role")
    void onlyAnAdminChangesKnownRoles() {
        changeRoles(login(instanceA, "alice").on(at(instanceA)), "alice", "user", "admin").then()
                .statusCode(403).contentType(PROBLEM_JSON).body("type", equalTo("/problems/missing-role"));
        RequestSpecification bob = login(instanceA, "bob").on(at(instanceA));
        changeRoles(bob, "mallory", "user").then().statusCode(404).contentType(PROBLEM_JSON)
                .body("type", equalTo("/problems/no-such-user"));
        changeRoles(bob, "alice", "root").then().statusCode(400).contentType(PROBLEM_JSON);
        changeRoles(bob, "alice", "user", "user").then().statusCode(400).contentType(PROBLEM_JSON);
        postJson(bob, "/api/admin/roles", "{\"username\":\"alice\",\"roles\":\"admin\"}").then()
                .statusCode(400).contentType(PROBLEM_JSON);
        // Nothing changed: the directory still has alice's default roles (awaited: an earlier test's reset
        // reaches a near cache on Redis's report).
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() ->
                loginResponse(instanceB, "alice", "alice-pw").then().statusCode(200).body("roles", contains("user")));
    }

    @Test
    @DisplayName("a role change made on one instance is in the next login on the other (one directory, in Redis)")
    void roleChangeIsSharedByTheInstances() {
        try {
            changeRoles(login(instanceA, "bob").on(at(instanceA)), "alice", "user", "admin").then()
                    .statusCode(200).body("username", equalTo("alice")).body("roles", contains("user", "admin"))
                    .body("changedBy", equalTo("bob"));
            // Awaited, not assumed: instance B may answer from a near cache until Redis's report arrives.
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
                Response login = loginResponse(instanceB, "alice", "alice-pw");
                login.then().statusCode(200).body("roles", contains("user", "admin"));
                credentialFrom(login).on(at(instanceB)).get("/api/admin").then().statusCode(200);
            });
        } finally {
            resetRoles();
        }
    }

    @Test
    @DisplayName("a credential issued by one instance is accepted by the other (shared Redis)")
    void credentialWorksOnEveryInstance() {
        Credential bob = login(instanceA, "bob");
        bob.on(at(instanceB)).get("/api/me").then().statusCode(200)
                .header("X-Instance", "instance-b").body("username", equalTo("bob"));
    }

    @Test
    @DisplayName("after logout on one instance the credential is refused on both")
    void logoutIsSeenEverywhere() {
        Credential alice = login(instanceA, "alice");
        alice.on(at(instanceA)).post("/auth/logout").then().statusCode(204);
        alice.on(at(instanceB)).get("/api/me").then().statusCode(401).contentType(PROBLEM_JSON);
        alice.on(at(instanceA)).get("/api/me").then().statusCode(401);
    }

    @Test
    @DisplayName("transfers are stored once, listed newest first, on every instance")
    void transfersAreListedNewestFirst() {
        Credential bob = login(instanceA, "bob");
        postJson(bob.on(at(instanceA)), "/api/transfers", "{\"to\":\"carol\",\"amount\":10}")
                .then().statusCode(201).body("to", equalTo("carol")).body("from", equalTo("bob"));
        postJson(bob.on(at(instanceB)), "/api/transfers", "{\"to\":\"dave\",\"amount\":20.5}")
                .then().statusCode(201);
        bob.on(at(instanceA)).get("/api/transfers").then().statusCode(200)
                .body("transfers[0].to", equalTo("dave"))
                .body("transfers[0].amount", equalTo(20.5f))
                .body("transfers[1].to", equalTo("carol"));
    }

    @Test
    @DisplayName("a transfer to a user is listed for both, memo as sent (markup included: escaping is the page's job)")
    void recipientsSeeTransfersWithTheirMemo() {
        Credential bob = login(instanceA, "bob");
        Credential alice = login(instanceB, "alice");
        String memo = "thanks <3 & <b>see you</b>";
        String id = postJson(bob.on(at(instanceA)), "/api/transfers",
                "{\"to\":\"alice\",\"amount\":0.5,\"memo\":\"" + memo.replace("\"", "\\\"") + "\"}")
                .then().statusCode(201).body("memo", equalTo(memo)).extract().path("id");
        alice.on(at(instanceB)).get("/api/transfers").then().statusCode(200)
                .body("transfers[0].id", equalTo(id))
                .body("transfers[0].from", equalTo("bob"))
                .body("transfers[0].memo", equalTo(memo));
        postJson(alice.on(at(instanceA)), "/api/transfers", "{\"to\":\"alice\",\"amount\":1}")
                .then().statusCode(201).body("memo", equalTo(""));
        postJson(alice.on(at(instanceA)), "/api/transfers", "{\"to\":\"bob\",\"amount\":1,\"memo\":\"" + "x".repeat(201) + "\"}")
                .then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @ParameterizedTest(name = "transfer body {0} is a 400 problem")
    @ValueSource(strings = {"{\"to\":\"carol\",\"amount\":-5}", "{\"to\":\"carol\",\"amount\":0.001}",
            "{\"to\":\"carol\",\"amount\":\"10\"}", "{\"to\":\"\",\"amount\":1}", "{\"to\":\"carol\"}",
            "{\"to\":[\"carol\"],\"amount\":1}", "{\"to\":\"carol\",\"amount\":1e400}", "{\"to\":\"<script>\",\"amount\":1}",
            "{\"to\":\"carol\",\"amount\":1,\"memo\":7}", "{\"to\":\"carol\",\"amount\":1,\"memo\":\"a\\nb\"}"})
    void badTransfersAreRefused(String body) {
        Credential bob = login(instanceA, "bob");
        postJson(bob.on(at(instanceA)), "/api/transfers", body).then()
                .statusCode(400).contentType(PROBLEM_JSON).body("status", equalTo(400));
    }

    @ParameterizedTest(name = "login body {0} is a 400 problem")
    @ValueSource(strings = {"not json", "[]", "{}", "null", "\"alice\"", "{\"username\":1,\"password\":\"x\"}",
            "{\"username\":\"alice\"}", "{\"username\":\"alice\",\"password\":null}", "{\"username\":\"alice\",",
            "{\"username\":{\"$gt\":\"\"},\"password\":\"x\"}", "{\"username\":\"a\\u0000\",\"password\":\"x\"}"})
    void malformedLoginsAreClientErrors(String body) {
        postJson(at(instanceA), "/auth/login", body).then()
                .statusCode(400).contentType(PROBLEM_JSON)
                .body(not(containsString("Exception")));
    }

    @Test
    @DisplayName("a body that is not declared as JSON is a 415, an oversized body a 413")
    void contentTypeAndSizeAreChecked() {
        at(instanceA).contentType("text/plain").body("{\"username\":\"alice\",\"password\":\"alice-pw\"}")
                .post("/auth/login").then().statusCode(415).contentType(PROBLEM_JSON);
        at(instanceA).body("{}").post("/auth/login").then().statusCode(415);
        String huge = "{\"username\":\"alice\",\"password\":\"" + "x".repeat(70_000) + "\"}";
        postJson(at(instanceA), "/auth/login", huge).then().statusCode(413).contentType(PROBLEM_JSON);
    }

    @Test
    @DisplayName("an HTML form is refused (415) unless ACCEPT_FORM_POSTS=on, which the CSRF lab turns on")
    void formPostsOnlyWhenAccepted() {
        Credential bob = login(instanceA, "bob");
        bob.on(at(instanceA)).contentType("application/x-www-form-urlencoded").body("to=mallory&amount=5")
                .post("/api/transfers").then().statusCode(415).contentType(PROBLEM_JSON);
        String forms = start("forms", Map.of("ACCEPT_FORM_POSTS", "on"));
        Credential bobThere = login(forms, "bob");
        bobThere.on(at(forms)).contentType("application/x-www-form-urlencoded").body("to=mallory&amount=5")
                .post("/api/transfers").then().statusCode(201).body("to", equalTo("mallory"));
        bobThere.on(at(forms)).contentType("application/x-www-form-urlencoded").body("to=mallory&amount=5e3")
                .post("/api/transfers").then().statusCode(400).contentType(PROBLEM_JSON);
        bobThere.on(at(forms)).contentType("application/x-www-form-urlencoded").body("to=%zz&amount=5")
                .post("/api/transfers").then().statusCode(400).contentType(PROBLEM_JSON);
    }

    @Test
    @DisplayName("huge headers are a 431 problem and the instance keeps serving")
    void hugeHeadersAreRefused() {
        at(instanceA).header("X-Padding", "a".repeat(20_000)).get("/api/me").then()
                .statusCode(431).contentType(PROBLEM_JSON);
        at(instanceA).get("/health").then().statusCode(200);
    }

    @ParameterizedTest(name = "garbage credential [{0}] is a 401 problem")
    @ValueSource(strings = {"Cookie: SID=garbage", "Cookie: SID=", "Cookie: SID=../../etc/passwd",
            "Cookie: SID=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.instance-a", "Authorization: Bearer garbage", "Authorization: Bearer ",
            "Authorization: Basic YWxpY2U6YWxpY2UtcHc=", "Authorization: Bearer a.b.c", "Authorization: Bearer e30.e30.",
            "Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhbGljZSJ9."})
    void garbageCredentialsAreRefused(String header) {
        String[] parts = header.split(": ", 2);
        at(instanceA).header(parts[0], parts.length > 1 ? parts[1] : "").get("/api/me").then()
                .statusCode(401).contentType(PROBLEM_JSON);
    }

    @Test
    @DisplayName("an unknown path is a 404 problem, a wrong method a 4xx problem")
    void unknownRoutesAreProblems() {
        at(instanceA).get("/nope").then().statusCode(404).contentType(PROBLEM_JSON);
        at(instanceA).delete("/api/me").then().statusCode(Matchers.both(
                Matchers.greaterThanOrEqualTo(400)).and(Matchers.lessThan(500)))
                .contentType(PROBLEM_JSON);
    }

    @Test
    @DisplayName("GET /health reports the instance and Redis")
    void healthReportsRedis() {
        at(instanceB).get("/health").then().statusCode(200)
                .body("status", equalTo("up"))
                .body("instance", equalTo("instance-b"))
                .body("redis", equalTo("up"));
    }

    @Test
    @DisplayName("GET /metrics counts requests by route template and status, in Prometheus' text format; never by raw path")
    void metricsCountRequestsByRoute() {
        Credential alice = login(instanceB, "alice");
        alice.on(at(instanceB)).get("/api/me").then().statusCode(200);
        at(instanceB).get("/no/such/path/" + System.nanoTime()).then().statusCode(404);
        String metrics = at(instanceB).get("/metrics").then().statusCode(200)
                .contentType("text/plain; version=0.0.4; charset=utf-8").extract().asString();
        assertThat(metrics).containsPattern("http_server_requests_seconds_count\\{app=\"" + app().mechanism()
                + "-app\",instance=\"instance-b\",method=\"GET\",status=\"200\",uri=\"/api/me\"} [1-9]");
        assertThat(metrics).contains("uri=\"unmatched\"").doesNotContain("/no/such/path");
    }

    // Login admission control. These instances use a Redis of their own, so that their small limits
    // meet no other test's buckets (a stored bucket keeps the configuration it was created with):
    // one server, also when the class runs against a cluster.
    private GenericContainer<?> limitsRedis;

    private String limitedInstance(String instanceId, Map<String, String> env) {
        if (limitsRedis == null) {
            limitsRedis = RedisSupport.newContainer();
            limitsRedis.start();
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("REDIS_URL", RedisSupport.url(limitsRedis));
        all.put("REDIS_CLUSTER_NODES", "");
        return start(instanceId, all);
    }

    @AfterAll
    void stopLimitsRedis() {
        if (limitsRedis != null) {
            limitsRedis.stop();
        }
    }

    private static Response loginFrom(String baseUri, String forwardedFor, String username, String password) {
        return at(baseUri).header("X-Forwarded-For", forwardedFor).contentType("application/json")
                .body(Map.of("username", username, "password", password)).post("/auth/login");
    }

    private static List<Response> inParallel(int count, IntFunction<Response> request) {
        var pool = Executors.newFixedThreadPool(count);
        var start = new CountDownLatch(1);
        try {
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(n);
                }));
            }
            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get(30, TimeUnit.SECONDS));
            }
            return responses;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("failed logins beyond LOGIN_ACCOUNT_FAILURES, counted on every instance, get 429 problem+json with Retry-After")
    void failedLoginFloodIsRefused() {
        Map<String, String> limits = Map.of("LOGIN_ACCOUNT_FAILURES", "2", "LOGIN_ACCOUNT_REFILL_SECONDS", "600",
                "TRUSTED_PROXIES", "127.0.0.1");
        String one = limitedInstance("limits-1", limits);
        String two = limitedInstance("limits-2", limits);
        String account = "victim-" + System.nanoTime();
        loginFrom(one, "192.0.2.1", account, "guess-1").then().statusCode(401);
        loginFrom(two, "192.0.2.2", account, "guess-2").then().statusCode(401);

        List<Response> flood = inParallel(16, n -> loginFrom(n % 2 == 0 ? one : two, "192.0.2." + (10 + n), account, "guess"));
        for (Response refused : flood) {
            refused.then().statusCode(429).contentType(PROBLEM_JSON)
                    .body("type", equalTo("/problems/too-many-login-attempts"));
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 600);
        }
    }

    @Test
    @DisplayName("X-Forwarded-For names the client only when the peer is in TRUSTED_PROXIES; garbage in it is no 500")
    void forwardedForOnlyFromTrustedProxies() {
        Map<String, String> oneFailure = Map.of("LOGIN_ADDRESS_FAILURES", "1", "LOGIN_ADDRESS_REFILL_SECONDS", "600");
        Map<String, String> trustingEnv = new HashMap<>(oneFailure);
        trustingEnv.put("TRUSTED_PROXIES", "10.9.9.9, 127.0.0.0/8");
        String trusting = limitedInstance("trusting", trustingEnv);
        String user = "xff-" + System.nanoTime();
        loginFrom(trusting, "192.0.2.50", user + "a", "guess").then().statusCode(401);
        loginFrom(trusting, "192.0.2.50", user + "b", "guess").then().statusCode(429); // that client's bucket is empty
        loginFrom(trusting, "192.0.2.50, 192.0.2.51", user + "c", "guess").then().statusCode(401); // the right-most counts

        String untrusting = limitedInstance("untrusting", oneFailure);
        loginFrom(untrusting, "192.0.2.60", user + "e", "guess").then().statusCode(401);
        loginFrom(untrusting, "192.0.2.61", user + "f", "guess").then().statusCode(429); // both are 127.0.0.1

        // Garbage falls back to the peer's address (127.0.0.1, whose bucket is empty by now)
        for (String garbage : List.of("not-an-ip", "999.1.1.1", "", ",,,", "1.2.3.4:80", "[::1", "%00", "localhost")) {
            loginFrom(trusting, garbage, user + "d", "guess").then()
                    .statusCode(Matchers.equalTo(429)).contentType(PROBLEM_JSON);
        }
    }

    @Test
    @DisplayName("logins beyond LOGIN_CONCURRENCY hashes and LOGIN_QUEUE waiting get 503 login-overloaded with Retry-After")
    void concurrentLoginsBeyondTheQueueAreRefused() {
        String narrow = limitedInstance("narrow", Map.of("LOGIN_CONCURRENCY", "1", "LOGIN_QUEUE", "0",
                "TRUSTED_PROXIES", "127.0.0.1"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String round = "busy-" + System.nanoTime();
            List<Response> answers = inParallel(4, n -> loginFrom(narrow, "192.0.2." + (100 + n), round + n, "guess"));
            assertThat(answers).allSatisfy(answer -> assertThat(answer.statusCode()).isIn(401, 503));
            Response refused = answers.stream().filter(answer -> answer.statusCode() == 503).findFirst().orElseThrow(
                    () -> new AssertionError("four logins at once on one hashing slot were all admitted"));
            refused.then().contentType(PROBLEM_JSON).header("Retry-After", "1")
                    .body("type", equalTo("/problems/login-overloaded"));
        });
    }
}
