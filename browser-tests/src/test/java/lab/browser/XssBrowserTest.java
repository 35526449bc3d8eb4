package lab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lab.harness.LabStack;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WindowType;

/**
 * The XSS lab (docs/workshop/09-xss.md). The victim, alice, is logged in on all three columns of
 * the dashboard; bob, the attacker, sends her a transfer whose memo is an {@code <img onerror>}
 * that loads nginx/attacker/xss/steal.js. What runs, what it takes, and what the taken things are
 * worth outside the page are all observed: the page's DOM, the attacker's log of what it received
 * (/loot.log), the dashboard's CSP reports (/csp-reports), and the stacks' answers to replays sent
 * from this JVM, which holds nothing of alice's but the loot.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class XssBrowserTest {
    private static final Map<String, String> XSS_BEHIND_CSP = Map.of("DASHBOARD_XSS", "on");
    private static final Map<String, String> XSS_WITHOUT_CSP = Map.of("DASHBOARD_XSS", "on", "DASHBOARD_CSP", "off");
    /** Short-lived tokens and no skew tolerance, so that the test can watch a stolen one reach its exp. */
    private static final Map<String, String> NO_REVOCATION = Map.of("REVOCATION", "off", "ACCESS_TOKEN_TTL", "20", "CLOCK_SKEW", "0");
    /** The backend-for-frontend shape: the token stack's tokens in HttpOnly cookies. */
    private static final Map<String, String> TOKEN_COOKIES = Map.of("TOKEN_TRANSPORT", "cookie");
    /** Sender-constrained tokens: bound to the dashboard's non-extractable key (RFC 9449). */
    private static final Map<String, String> DPOP = Map.of("DPOP", "on");
    private static final List<String> TOKEN_APPS = List.of("token-app-1", "token-app-2");
    private static final Duration STEAL_WITHIN = Duration.ofSeconds(20);

    private static LabStack stack;
    private static Map<String, String> nginxSwitches = Map.of();
    private static Map<String, String> tokenSwitches = Map.of();
    private static final XssResults RESULTS = new XssResults();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void up() {
        Chromium.requireInstalled();
        stack = LabStack.forBrowser();
    }

    @AfterAll
    static void restoreDefaults() {
        use(Map.of(), Map.of());
    }

    /** Recreates nginx and the token apps with these switches, where they differ from what runs. */
    private static void use(Map<String, String> nginx, Map<String, String> tokenApps) {
        if (!tokenSwitches.equals(tokenApps)) {
            stack.recreate(tokenApps, TOKEN_APPS.toArray(String[]::new));
            tokenSwitches = tokenApps;
        }
        if (!nginxSwitches.equals(nginx)) {
            stack.recreate(nginx, "nginx");
            nginxSwitches = nginx;
        }
    }

    @Test
    @Order(1)
    @DisplayName("by default a memo is text: the injected markup shows as characters and nothing runs")
    void memoIsTextByDefault() {
        use(Map.of(), Map.of());
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Results.browser(browser.version());
            Victim victim = Victim.loggedIn(browser);
            String memo = victim.receivePlantedMemo();

            assertThat(victim.memoText()).as("the memo, as the page shows it").isEqualTo(memo);
            assertThat(victim.injectedImages()).as("elements made from the memo").isZero();
            assertThat(victim.payloadRan()).as("steal.js ran in the page").isFalse();
            assertThat(victim.xssWarning()).as("the dashboard's XSS-lab warning").isEmpty();
            assertThat(Loot.since(victim.lootMark())).as("the attacker's loot").isEmpty();
            RESULTS.memoAsText(memo);
        }
    }

    @Test
    @Order(2)
    @DisplayName("DASHBOARD_XSS=on behind the Content-Security-Policy: the markup lands, its script is blocked and reported")
    void cspBlocksTheInjectedScript() {
        use(XSS_BEHIND_CSP, Map.of());
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Victim victim = Victim.loggedIn(browser);
            assertThat(victim.xssWarning()).contains("DASHBOARD_XSS=on").doesNotContain("DASHBOARD_CSP=off");
            victim.receivePlantedMemo();

            List<CspReport> reports = Awaitility.await("the dashboard's CSP report at /csp-reports")
                    .atMost(STEAL_WITHIN).pollInterval(Duration.ofMillis(250))
                    .until(CspReport::read, r -> !r.isEmpty());
            assertThat(victim.injectedImages()).as("the memo's <img> is in the page").isPositive();
            assertThat(reports).as("reports").allSatisfy(r -> assertThat(r.effectiveDirective()).isEqualTo("script-src-attr"));
            assertThat(browser.cspViolations()).as("violations seen by the page")
                    .anySatisfy(v -> assertThat(v.get("directive")).isEqualTo("script-src-attr"));
            assertThat(victim.payloadRan()).as("steal.js ran in the page").isFalse();
            assertThat(Loot.since(victim.lootMark())).as("the attacker's loot").isEmpty();
            RESULTS.blockedByCsp(reports.get(0));
        }
    }

    @Test
    @Order(3)
    @DisplayName("DASHBOARD_XSS=on, DASHBOARD_CSP=off: the script takes the tokens, which work from anywhere until logout; "
            + "the session cookies stay unreadable and the script rides them only from inside the page")
    void stolenTokensWorkElsewhereUntilLogout() {
        use(XSS_WITHOUT_CSP, Map.of());
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Victim victim = Victim.loggedIn(browser);
            assertThat(victim.xssWarning()).contains("DASHBOARD_XSS=on", "DASHBOARD_CSP=off");
            victim.receivePlantedMemo();
            Loot loot = Loot.await(STEAL_WITHIN, victim.lootMark(), Loot.WITH_HEADER_TOKENS);
            assertThat(victim.payloadRan()).as("steal.js ran in the page").isTrue();

            // Sessions: nothing readable; what the script did, it did from inside the page.
            assertThat(loot.value("document.cookie", "8080")).as("document.cookie, read by the script").isEmpty();
            assertThat(loot.value("forged-transfer-status", "8081")).isEqualTo("201");
            assertThat(loot.value("forged-transfer-status", "8083")).isEqualTo("201");
            assertThat(victim.forgedTransfers("redis")).as("the script's transfer in alice's list").isPositive();
            assertThat(victim.forgedTransfers("sticky")).as("the script's transfer in alice's list").isPositive();
            int redisReplay = Replay.me(stack.sessions(), Map.of("X-CSRF-Token", loot.value("csrf_token", "8081")));
            int stickyReplay = Replay.me(stack.sticky(), Map.of("X-CSRF-Token", loot.value("csrf_token", "8083")));
            assertThat(redisReplay).as("the stolen CSRF token, sent from outside").isEqualTo(401);
            assertThat(stickyReplay).as("the stolen CSRF token, sent from outside").isEqualTo(401);

            // Tokens: the loot is the credential itself.
            String access = loot.value("access_token", "8082");
            String refresh = loot.value("refresh_token", "8082");
            assertThat(Replay.me(stack.tokens(), Replay.bearer(access))).as("stolen access token, from outside").isEqualTo(200);
            Replay.Tokens minted = Replay.refresh(stack.tokens(), refresh);
            assertThat(minted.status()).as("stolen refresh token, from outside").isEqualTo(200);
            assertThat(Replay.me(stack.tokens(), Replay.bearer(minted.access()))).as("the attacker's own new token").isEqualTo(200);

            victim.logOut("tokens");
            int afterLogout = Replay.me(stack.tokens(), Replay.bearer(access));
            int mintedAfterLogout = Replay.me(stack.tokens(), Replay.bearer(minted.access()));
            assertThat(afterLogout).as("stolen access token after alice's logout").isEqualTo(401);
            assertThat(mintedAfterLogout).as("the attacker's minted token after alice's logout (same family)").isEqualTo(401);

            browser.driver.get("about:blank"); // the victim leaves the page: the script is gone with it
            int redisAfterClose = Replay.me(stack.sessions(), Map.of("X-CSRF-Token", loot.value("csrf_token", "8081")));
            assertThat(redisAfterClose).as("the stolen CSRF token after the page closed").isEqualTo(401);
            RESULTS.stolen(loot, redisReplay, stickyReplay, minted.status(), afterLogout, mintedAfterLogout);
        }
    }

    @Test
    @Order(4)
    @DisplayName("REVOCATION=off: a stolen access token outlives the victim's logout and dies only at its exp")
    void withoutRevocationAStolenTokenLivesUntilExp() {
        use(XSS_WITHOUT_CSP, NO_REVOCATION);
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Victim victim = Victim.loggedIn(browser);
            victim.receivePlantedMemo();
            Loot loot = Loot.await(STEAL_WITHIN, victim.lootMark(), Loot.WITH_HEADER_TOKENS);
            String access = loot.value("access_token", "8082");
            Instant exp = Replay.expiry(access);

            victim.logOut("tokens");
            Instant loggedOut = Instant.now();
            int afterLogout = Replay.me(stack.tokens(), Replay.bearer(access));
            int refreshAfterLogout = Replay.refresh(stack.tokens(), loot.value("refresh_token", "8082")).status();
            assertThat(afterLogout).as("stolen access token after alice's logout, REVOCATION=off").isEqualTo(200);
            assertThat(refreshAfterLogout).as("stolen refresh token after logout: the family ended in Redis").isEqualTo(401);

            List<Replay.Answer> answers = new ArrayList<>();
            Awaitility.await("the stolen token refused").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        answers.add(new Replay.Answer(Instant.now(), Replay.me(stack.tokens(), Replay.bearer(access))));
                        return answers.get(answers.size() - 1).status() == 401;
                    });
            Replay.Answer lastAccepted = answers.stream().filter(a -> a.status() == 200).reduce((a, b) -> b).orElseThrow();
            Replay.Answer firstRefused = answers.get(answers.size() - 1);
            assertThat(firstRefused.at()).as("first refusal, exp %s", exp).isAfterOrEqualTo(exp);
            assertThat(lastAccepted.at()).as("last acceptance, exp %s", exp).isBefore(exp.plusSeconds(1));
            RESULTS.untilExp(loggedOut, exp, lastAccepted.at(), firstRefused.at(), refreshAfterLogout);
        }
    }

    @Test
    @Order(5)
    @DisplayName("TOKEN_TRANSPORT=cookie: the script gets no token, only rides the token cookie from the page, like a session")
    void tokensInCookiesCannotBeTaken() throws JsonProcessingException {
        use(XSS_WITHOUT_CSP, TOKEN_COOKIES);
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Victim victim = Victim.loggedIn(browser);
            // The attacker's page cannot plant now: the token stack answers only the dashboard's origin.
            // bob uses the API like any client instead (curl would do), through the Redis-session stack.
            victim.receiveMemoFromApiClient();
            Loot loot = Loot.await(STEAL_WITHIN, victim.lootMark(), Loot.WITH_COOKIE_TOKENS);
            assertThat(loot.value("document.cookie", "8080")).as("document.cookie, read by the script").isEmpty();
            assertThat(loot.has("access_token", "8082") || loot.has("refresh_token", "8082") || loot.has("authorization_header", "8082"))
                    .as("a token in the loot").isFalse();
            assertThat(loot.value("forged-transfer-status", "8082")).as("the script's transfer on the token stack").isEqualTo("201");
            int replay = Replay.me(stack.tokens(), Map.of("X-CSRF-Token", loot.value("csrf_token", "8082")));
            assertThat(replay).as("the stolen CSRF token, sent from outside").isEqualTo(401);
            RESULTS.tokenCookies(loot, replay);
        }
    }

    @Test
    @Order(6)
    @DisplayName("DPOP=on: the stolen token and refresh token are refused outside the page; script in the page still uses the token by letting the page sign")
    void dpopKeepsAStolenTokenInThePage() throws JsonProcessingException {
        use(XSS_WITHOUT_CSP, DPOP);
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            // Taken before the page logs in: a memo planted by an earlier scenario is still in alice's
            // list, so the script may run, and use the page, as soon as her transfers load at login.
            Set<String> before = alicesTransferIds();
            Victim victim = Victim.loggedIn(browser);
            // The attacker's page cannot plant now: a DPoP login needs a proof. bob uses his own client.
            victim.receiveMemoFromApiClient();
            Loot loot = Loot.await(STEAL_WITHIN, victim.lootMark(), Loot.WITH_DPOP);
            String access = loot.value("access_token", "8082");
            assertThat(loot.value("authorization_header", "8082")).as("the page's Authorization header").startsWith("DPoP ");
            int asBearer = Replay.me(stack.tokens(), Replay.bearer(access));
            int withoutProof = Replay.me(stack.tokens(), Map.of("Authorization", "DPoP " + access));
            int refresh = Replay.refresh(stack.tokens(), loot.value("refresh_token", "8082")).status();
            assertThat(asBearer).as("the stolen token as Bearer").isEqualTo(401);
            assertThat(withoutProof).as("the stolen token as DPoP, without a proof by the page's key").isEqualTo(401);
            assertThat(refresh).as("the stolen refresh token, without a proof").isEqualTo(401);
            Map<String, String> made = browser.waiting(Duration.ofSeconds(15)).withMessage("the transfer the script made through the page")
                    .until(d -> victim.newTransfers("tokens", before).stream()
                            .filter(t -> "bob".equals(t.get("to")) && t.get("instance").startsWith("token-app")).findFirst().orElse(null));
            RESULTS.dpop(asBearer, withoutProof, refresh, made.get("amount"));
        }
    }

    /** alice's transfers as the API lists them, by id (the Redis-backed stacks share them), read without a browser. */
    private static Set<String> alicesTransferIds() throws JsonProcessingException {
        var list = Http.get(stack.sessions() + "/api/transfers", Map.of("Cookie", ApiSession.of("alice").cookie()));
        assertThat(list.statusCode()).as("alice's transfers").isEqualTo(200);
        Set<String> ids = new HashSet<>();
        JSON.readTree(list.body()).path("transfers").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** A user's login on the Redis-session stack from a plain HTTP client: the {@code SID} cookie and the CSRF token. */
    private record ApiSession(String cookie, String csrfToken) {
        static ApiSession of(String username) throws JsonProcessingException {
            var login = Http.postJson(stack.sessions() + "/auth/login",
                    JSON.writeValueAsString(Map.of("username", username, "password", username + "-pw")));
            assertThat(login.statusCode()).as(username + "'s login").isEqualTo(200);
            String sid = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SID=")).findFirst()
                    .map(c -> c.substring(0, c.indexOf(';'))).orElseThrow();
            return new ApiSession(sid, JSON.readTree(login.body()).path("csrfToken").asText());
        }
    }

    /** Alice on the dashboard, and the attacker's page in a second tab of the same browser. */
    /** @param lootMark how many items the attacker's log held before this victim's page opened */
    private record Victim(Chromium browser, Dashboard dashboard, String dashboardTab, int lootMark) {
        static Victim loggedIn(Chromium browser) {
            int mark = Loot.read().size();
            Dashboard dashboard = new Dashboard(browser).open();
            dashboard.loginAll();
            return new Victim(browser, dashboard, browser.driver.getWindowHandle(), mark);
        }

        /** bob plants the memo (the attacker page's button), alice's page reloads its transfers: the memo shows. */
        String receivePlantedMemo() {
            browser.driver.switchTo().newWindow(WindowType.TAB);
            browser.watchCsp();
            browser.driver.get(LabStack.ATTACKER + "xss/");
            browser.waiting(Duration.ofSeconds(15)).until(d -> "ready".equals(d.findElement(By.tagName("body")).getDomAttribute("data-state")));
            String memo = browser.driver.findElement(By.id("memo")).getText();
            browser.driver.findElement(By.id("plant")).click();
            String planted = browser.waiting(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("plant-status")).getDomAttribute("data-result"));
            assertThat(planted).as("planting: " + browser.driver.findElement(By.id("plant-status")).getText()).isEqualTo("planted");
            browser.driver.close();
            browser.driver.switchTo().window(dashboardTab);
            showTransfers();
            return memo;
        }

        /** The same memo, sent by bob from outside any browser: login on :8081, then the transfer with his cookie and CSRF token. */
        void receiveMemoFromApiClient() throws JsonProcessingException {
            browser.driver.switchTo().newWindow(WindowType.TAB);
            browser.driver.get(LabStack.ATTACKER + "xss/");
            String memo = browser.waiting(Duration.ofSeconds(15)).until(d -> {
                String text = d.findElement(By.id("memo")).getText();
                return text.isEmpty() ? null : text;
            });
            browser.driver.close();
            browser.driver.switchTo().window(dashboardTab);
            ApiSession bob = ApiSession.of("bob");
            String transfer = JSON.writeValueAsString(Map.of("to", "alice", "amount", 0.01, "memo", memo));
            var sent = Http.postJson(stack.sessions() + "/api/transfers", transfer,
                    Map.of("Cookie", bob.cookie(), "X-CSRF-Token", bob.csrfToken()));
            assertThat(sent.statusCode()).as("bob's transfer: " + sent.body()).isEqualTo(201);
            showTransfers();
        }

        private void showTransfers() {
            dashboard.column("redis").findElement(By.cssSelector(".btn-transfers")).click();
            browser.waiting(Duration.ofSeconds(15)).withMessage("bob's transfer with the memo in alice's list")
                    .until(d -> !d.findElements(By.cssSelector("#col-redis .transfers li[data-from='bob'] .memo")).isEmpty());
        }

        String memoText() {
            return (String) browser.script("return document.querySelector(\"#col-redis li[data-from='bob'] .memo\").textContent");
        }

        long injectedImages() {
            return (Long) browser.script("return document.querySelectorAll('#col-redis .memo img').length");
        }

        boolean payloadRan() {
            return Boolean.TRUE.equals(browser.script("return window.__xssLab === true"));
        }

        String xssWarning() {
            return (String) browser.script("const w = document.getElementById('xss-warning'); return w.hidden ? '' : w.textContent");
        }

        List<Map<String, String>> newTransfers(String column, Set<String> before) {
            return dashboard.transfers(column).stream().filter(t -> !before.contains(t.get("id"))).toList();
        }

        long forgedTransfers(String column) {
            return dashboard.transfers(column).stream()
                    .filter(t -> "mallory".equals(t.get("to")) && "13.37".equals(t.get("amount"))).count();
        }

        void logOut(String column) {
            dashboard.column(column).findElement(By.cssSelector(".btn-logout")).click();
            dashboard.awaitState(column, "logged-out", Duration.ofSeconds(15));
        }
    }
}
