package lab.common.contract;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.javalin.Javalin;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lab.common.config.Env;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest(name = "transfer body {0} is a 400 problem")
    @ValueSource(strings = {"{\"to\":\"carol\",\"amount\":-5}", "{\"to\":\"carol\",\"amount\":0.001}",
            "{\"to\":\"carol\",\"amount\":\"10\"}", "{\"to\":\"\",\"amount\":1}", "{\"to\":\"carol\"}",
            "{\"to\":[\"carol\"],\"amount\":1}", "{\"to\":\"carol\",\"amount\":1e400}", "{\"to\":\"<script>\",\"amount\":1}"})
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
        at(instanceA).delete("/api/me").then().statusCode(org.hamcrest.Matchers.both(
                org.hamcrest.Matchers.greaterThanOrEqualTo(400)).and(org.hamcrest.Matchers.lessThan(500)))
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
}
