package lab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import lab.harness.LabStack;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** The compose stack a user runs, checked through nginx: the three stacks balance as designed. */
@ResourceLock(LabStack.OWN_PORTS)
@DisplayName("the balanced stack (docker-compose.yml through nginx)")
class BalancedStackTest {

    @BeforeAll
    static void stackIsUp() {
        LabStack.get();
    }

    private static Set<String> twentyCallsServedBy(VirtualUser user) {
        Set<String> instances = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            VirtualUser.Answer answer = user.me();
            assertThat(answer.status()).as("GET /api/me number %d", i + 1).isEqualTo(200);
            instances.add(answer.instance());
        }
        return instances;
    }

    @Test
    @DisplayName("8081 Redis sessions: login, then 20 calls succeed, spread over both instances")
    void redisSessionsSpread() {
        VirtualUser alice = new VirtualUser(LabStack.SESSIONS, "alice");
        assertThat(alice.login().status()).isEqualTo(200);
        assertThat(twentyCallsServedBy(alice)).containsExactlyInAnyOrder("session-app-1", "session-app-2");
    }

    @Test
    @DisplayName("8082 tokens: login, then 20 calls succeed, spread over both instances")
    void tokensSpread() {
        VirtualUser bob = new VirtualUser(LabStack.TOKENS, "bob");
        assertThat(bob.login().status()).isEqualTo(200);
        assertThat(twentyCallsServedBy(bob)).containsExactlyInAnyOrder("token-app-1", "token-app-2");
    }

    @Test
    @DisplayName("8083 sticky in-memory sessions: login, then 20 calls succeed, all on the instance holding the session")
    void stickySessionsStay() {
        VirtualUser alice = new VirtualUser(LabStack.STICKY, "alice");
        VirtualUser.Answer login = alice.login();
        assertThat(login.status()).isEqualTo(200);
        assertThat(twentyCallsServedBy(alice)).containsExactly(login.instance());
    }

    @Test
    @DisplayName("a role change through nginx (directory in Redis): Redis sessions apply it at the next request on both "
            + "instances; a token keeps its copy of the roles until it is refreshed, a demotion included")
    void roleChanges() {
        VirtualUser bob = new VirtualUser(LabStack.SESSIONS, "bob");
        VirtualUser aliceSession = new VirtualUser(LabStack.SESSIONS, "alice");
        VirtualUser aliceToken = new VirtualUser(LabStack.TOKENS, "alice");
        assertThat(List.of(bob.login(), aliceSession.login(), aliceToken.login())).allMatch(login -> login.status() == 200);
        try {
            giveAlice(bob, "user", "admin");
            // Within the near caches' bound on every instance: awaited, not assumed.
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(adminAnswers(aliceSession)).containsOnly(200));
            assertThat(adminAnswers(aliceToken)).containsOnly(403);
            assertThat(aliceToken.refresh().status()).isEqualTo(200);
            assertThat(adminAnswers(aliceToken)).containsOnly(200);

            giveAlice(bob, "user");
            await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(adminAnswers(aliceSession)).containsOnly(403));
            assertThat(adminAnswers(aliceToken)).as("the demoted user's token, before its refresh").containsOnly(200);
            assertThat(aliceToken.refresh().status()).isEqualTo(200);
            assertThat(adminAnswers(aliceToken)).containsOnly(403);
        } finally {
            giveAlice(bob, "user");
        }
    }

    @Test
    @DisplayName("8083 sticky in-memory sessions: a role change reaches only the instance that made it (no shared directory)")
    void stickyRoleChangeStaysOnOneInstance() {
        VirtualUser bob = new VirtualUser(LabStack.STICKY, "bob");
        VirtualUser.Answer bobLogin = bob.login();
        assertThat(bobLogin.status()).isEqualTo(200);
        // Logins are balanced round robin: a few are enough for alice to hold a session on each instance.
        Map<String, VirtualUser> aliceOn = new HashMap<>();
        for (int i = 0; i < 10 && aliceOn.size() < 2; i++) {
            VirtualUser alice = new VirtualUser(LabStack.STICKY, "alice");
            aliceOn.putIfAbsent(alice.login().instance(), alice);
        }
        assertThat(aliceOn).containsOnlyKeys("sticky-app-1", "sticky-app-2");
        try {
            giveAlice(bob, "user", "admin");
            aliceOn.forEach((instance, alice) -> assertThat(adminAnswers(alice)).as("alice's session on %s", instance)
                    .containsOnly(instance.equals(bobLogin.instance()) ? 200 : 403));
        } finally {
            giveAlice(bob, "user");
        }
    }

    private static void giveAlice(VirtualUser admin, String... roles) {
        admin.authenticated().contentType("application/json").body(Map.of("username", "alice", "roles", List.of(roles)))
                .post("/api/admin/roles").then().statusCode(200);
    }

    /** Four calls of GET /api/admin: round robin puts two on each instance (a sticky session keeps to its own). */
    private static List<Integer> adminAnswers(VirtualUser user) {
        return IntStream.range(0, 4).mapToObj(i -> user.authenticated().get("/api/admin").statusCode()).toList();
    }

    @Test
    @DisplayName("8083 without a session cookie is balanced round robin")
    void stickyWithoutCookieIsRoundRobin() {
        Set<String> instances = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            instances.add(VirtualUser.request(LabStack.STICKY).get("/health").header("X-Instance"));
        }
        assertThat(instances).containsExactlyInAnyOrder("sticky-app-1", "sticky-app-2");
    }

    @Test
    @DisplayName("every answer names the upstream that served it (X-Upstream)")
    void upstreamIsShown() {
        VirtualUser.request(LabStack.SESSIONS).get("/health").then().header("X-Upstream", Matchers.matchesPattern(".+:8080"));
    }

    @Test
    @DisplayName("the CORS preflight to the token stack allows Authorization, without credentials")
    void tokenPreflight() {
        VirtualUser.request(LabStack.TOKENS)
                .header("Origin", "http://localhost:8080")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .options("/api/me").then()
                .statusCode(204)
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Authorization"))
                .header("Access-Control-Allow-Credentials", nullValue());
    }

    @Test
    @DisplayName("the instances' /metrics are not served through the balancer: a 404 problem on each stack")
    void metricsStayInside() {
        for (String stack : new String[] {LabStack.SESSIONS, LabStack.TOKENS, LabStack.STICKY}) {
            VirtualUser.request(stack).get("/metrics").then().statusCode(404)
                    .contentType("application/problem+json").body("status", equalTo(404));
        }
    }

    @Test
    @DisplayName("port 8080 serves the page that links the three stacks")
    void indexPage() {
        VirtualUser.request(LabStack.DASHBOARD).get("/").then().statusCode(200)
                .contentType(containsStringIgnoringCase("text/html"));
        VirtualUser.request(LabStack.SESSIONS).get("/health").then().statusCode(200).body("status", equalTo("up"));
    }
}
