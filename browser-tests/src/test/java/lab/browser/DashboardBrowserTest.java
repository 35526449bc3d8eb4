package lab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import lab.harness.LabStack;
import lab.harness.NginxAccessLine;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.logging.LogEntry;

/** The dashboard in headless Chromium against the compose stack: logins, CORS, a killed instance. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {
    private static LabStack stack;

    @BeforeAll
    static void up() {
        Chromium.requireInstalled(); // fail in a second, not after building the stack
        stack = LabStack.forBrowser();
    }

    @Test
    @Order(1)
    void logsInOnAllThreeStacksAndShowsWhichInstancesServe() {
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Results.browser(browser.version());
            Dashboard dashboard = new Dashboard(browser).open();
            dashboard.loginAll();
            for (String column : Dashboard.COLUMNS) {
                dashboard.transfer(column);
            }
            String pinned = dashboard.loginInstance("sticky");

            // Round robin: both instances show up within a few polls; sticky: only the pinned one.
            browser.waiting(Duration.ofSeconds(20)).withMessage("both instances in the Redis and token strips")
                    .until(d -> dashboard.stripInstances("redis").containsAll(Set.of("session-app-1", "session-app-2"))
                            && dashboard.stripInstances("tokens").containsAll(Set.of("token-app-1", "token-app-2")));
            assertThat(dashboard.stripInstances("sticky")).containsExactly(pinned);
            browser.waiting(Duration.ofSeconds(15)).withMessage("all six instances answering in the health panel")
                    .until(d -> LabStack.APPS.stream().allMatch(dashboard::instanceAlive));
            // Each instance's near caches, from its own /health: Redis sessions and the directory's roles,
            // and the token stack's two.
            browser.waiting(Duration.ofSeconds(15)).withMessage("near-cache hit ratios of the Redis and token instances")
                    .until(d -> dashboard.nearCacheShares("session-app-1")
                            .matches("sessions \\d+ % of [1-9][\\d,]*, roles \\d+ % of [1-9][\\d,]*")
                            && dashboard.nearCacheShares("token-app-2")
                            .matches("revocations \\d+ % of [1-9][\\d,]*, verified-tokens \\d+ % of [1-9][\\d,]*"));
            assertThat(dashboard.nearCacheShares("sticky-app-1")).as("in-memory sessions have no near cache").isEmpty();
            for (String column : Dashboard.COLUMNS) {
                assertThat(dashboard.state(column)).as(column).isEqualTo("logged-in");
                assertThat(dashboard.count(column, "unauthorized")).as(column + " 401s").isZero();
                assertThat(dashboard.count(column, "errors")).as(column + " errors").isZero();
                String prefix = Map.of("sticky", "sticky-app", "redis", "session-app", "tokens", "token-app").get(column);
                assertThat(dashboard.transfers(column)).as(column + " transfers; status: " + dashboard.status(column))
                        .anyMatch(t -> "bob".equals(t.get("to")) && t.get("instance").startsWith(prefix));
            }

            browser.screenshotFullPage(Results.IMG.resolve("dashboard.png"), 1280);
            browser.viewport(1366, 768);
            browser.screenshotTop(Results.IMG.resolve("dashboard-laptop.png"));
            Object overflow = browser.script("return document.documentElement.scrollWidth > document.documentElement.clientWidth");
            assertThat(overflow).as("horizontal scrolling at 1366x768").isEqualTo(false);

            List<LogEntry> errors = browser.consoleErrors();
            assertThat(errors).as("console errors").isEmpty();
            // nginx's Content-Security-Policy for the dashboard allowed everything the page did...
            assertThat(browser.cspViolations()).as("Content-Security-Policy violations on the dashboard").isEmpty();
            // ...and is in force: a fetch to an origin it does not list (127.0.0.1, not localhost) is refused.
            browser.script("fetch('http://127.0.0.1:8081/health').catch(() => {})");
            browser.waiting(Duration.ofSeconds(5)).withMessage("the dashboard's CSP refusing a fetch outside connect-src")
                    .until(d -> browser.cspViolations().stream().anyMatch(v -> "connect-src".equals(v.get("directive"))));

            StringBuilder md = new StringBuilder("## 1. The dashboard logs in on all three stacks\n\n")
                    .append("![the dashboard at 1280 px](img/dashboard.png)\n\n")
                    .append("| column | login answered by | instances in the strip of last requests | ok | 401 | errors |\n")
                    .append("| --- | --- | --- | --- | --- | --- |\n");
            for (String column : Dashboard.COLUMNS) {
                md.append("| ").append(column).append(" | ").append(dashboard.loginInstance(column)).append(" | ")
                  .append(String.join(", ", dashboard.stripInstances(column).stream().sorted().toList())).append(" | ")
                  .append(dashboard.count(column, "ok")).append(" | ").append(dashboard.count(column, "unauthorized"))
                  .append(" | ").append(dashboard.count(column, "errors")).append(" |\n");
            }
            md.append("\nBrowser console errors during the run: ").append(errors.size())
              .append(". Content-Security-Policy violations: none (a fetch to `http://127.0.0.1:8081`, an origin its ")
              .append("`connect-src` does not list, was then refused, so the policy was in force).")
              .append(" Also at 1366×768 (`img/dashboard-laptop.png`), without horizontal scrolling.\n");
            Results.section("1", md.toString());
        }
    }

    @Test
    @Order(2)
    void bearerTokensArePreflightedAndCredentialsAreRefusedWithAWildcardOrigin() {
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Dashboard dashboard = new Dashboard(browser).open();
            int mark = stack.nginxAccessLog().size();
            dashboard.runCorsChecks();

            assertThat(dashboard.corsResult("cors-bearer")).as(dashboard.corsText("cors-bearer")).isEqualTo("ok");
            assertThat(dashboard.corsResult("cors-credentials")).as(dashboard.corsText("cors-credentials")).isEqualTo("refused");
            String pageError = browser.driver.findElement(By.id("cors-credentials")).getDomAttribute("data-error");
            assertThat(pageError).startsWith("TypeError");
            assertThat(browser.cspViolations()).as("Content-Security-Policy violations: the CORS checks' origins are allowed").isEmpty();

            // The requests, as Chromium's DevTools saw them...
            List<JsonNode> events = browser.networkEvents();
            List<String> bearerSeen = devtools(events, "cors-check");
            List<String> credentialsSeen = devtools(events, "cors-credentials");
            assertThat(bearerSeen).as("DevTools: a preflight, then the GET")
                    .anyMatch(e -> e.startsWith("OPTIONS") && e.contains("→ 204"))
                    .anyMatch(e -> e.startsWith("GET") && e.contains("→ 200"));
            assertThat(credentialsSeen).as("DevTools: the credentialed GET failed on CORS")
                    .anyMatch(e -> e.contains("CORS error"));
            // ...and as nginx logged them (nginx logs paths without their query string).
            List<NginxAccessLine> nginx = awaitLines(mark, l -> l.port() == 8082 && l.path().equals("/api/me")
                    && l.method().equals("OPTIONS"));
            assertThat(nginx).as("nginx saw a preflight for Authorization").anyMatch(l -> l.status() == 204);
            List<String> console = browser.consoleErrors().stream().map(LogEntry::getMessage).toList();
            // Chromium reports the refusal twice: the CORS explanation, and the failed load of that URL.
            assertThat(console).as("the only console errors are about the refused credentialed request")
                    .isNotEmpty()
                    .allMatch(m -> m.contains("cors-credentials"))
                    .anyMatch(m -> m.contains("wildcard") && m.contains("credentials mode is 'include'"));
            String corsMessage = console.stream().filter(m -> m.contains("wildcard")).findFirst().orElseThrow();

            Results.section("2", "## 2. CORS, as the dashboard does it\n\n"
                    + "| check | what the page got | what Chromium's DevTools log shows |\n| --- | --- | --- |\n"
                    + "| `fetch(':8082/api/me?cors-check=…', {headers: {Authorization: 'Bearer …'}})` | "
                    + dashboard.corsResult("cors-bearer") + ": answered 200 | " + String.join("; ", bearerSeen) + " |\n"
                    + "| `fetch(':8082/health?cors-credentials=…', {credentials: 'include'})`, the stack answering "
                    + "`Access-Control-Allow-Origin: *` | refused by the browser: `" + pageError + "` | "
                    + String.join("; ", credentialsSeen) + " |\n\n"
                    + "nginx logged `OPTIONS /api/me` on :8082 → " + statuses(nginx) + " (it logs paths without the query "
                    + "string, so the preflight of the page's own polling is among them).\n"
                    // A sentence a line, so that the docs can quote one whole; the URL's cache-buster is not part of the finding.
                    + "Chromium's console said:\n`"
                    + corsMessage.replace('`', '\'').replaceAll("cors-credentials=\\d+", "cors-credentials=…") + "`\n");
        }
    }

    /** What DevTools recorded for the requests whose URL contains {@code marker}: method, status, failures. */
    private static List<String> devtools(List<JsonNode> events, String marker) {
        Map<String, String> methods = new LinkedHashMap<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (JsonNode event : events) {
            JsonNode params = event.path("params");
            String id = params.path("requestId").asText();
            switch (event.path("method").asText()) {
                case "Network.requestWillBeSent" -> {
                    if (params.path("request").path("url").asText().contains(marker)) {
                        String method = params.path("request").path("method").asText();
                        String headers = params.path("request").path("headers").path("Access-Control-Request-Headers").asText("");
                        methods.put(id, method);
                        seen.put(id, method + (headers.isEmpty() ? "" : " (Access-Control-Request-Headers: " + headers + ")"));
                    }
                }
                case "Network.responseReceived" -> {
                    if (seen.containsKey(id)) {
                        seen.put(id, seen.get(id) + " → " + params.path("response").path("status").asInt());
                    }
                }
                case "Network.loadingFailed" -> {
                    if (seen.containsKey(id)) {
                        String cors = params.path("corsErrorStatus").path("corsError").asText("");
                        seen.put(id, seen.get(id) + " → failed: " + params.path("errorText").asText()
                                + (cors.isEmpty() ? "" : ", CORS error " + cors));
                    }
                }
                default -> { }
            }
        }
        return List.copyOf(seen.values());
    }

    @Test
    @Order(3)
    void killingTheStickyUsersInstanceForcesAReloginThereAndNowhereElse() {
        try (Chromium browser = Chromium.start(1280, 900, stack)) {
            Dashboard dashboard = new Dashboard(browser).open();
            dashboard.loginAll();
            String pinned = dashboard.loginInstance("sticky");
            // The column is in its stride (answers counted) before its instance dies.
            long answered = dashboard.count("sticky", "ok");
            browser.waiting(Duration.ofSeconds(10)).until(d -> dashboard.count("sticky", "ok") >= answered + 2);
            stack.kill(pinned);
            String survivor;
            try {
                dashboard.awaitState("sticky", "lost", Duration.ofSeconds(30));
                assertThat(dashboard.count("sticky", "relogins")).as("forced re-logins, shown with the red state").isEqualTo(1);
                String stickyStatus = dashboard.status("sticky");
                // The two other stacks keep going while the dead instance is flagged in the health panel.
                browser.waiting(Duration.ofSeconds(20)).withMessage(pinned + " flagged as silent")
                        .until(d -> !dashboard.instanceAlive(pinned));
                for (String column : List.of("redis", "tokens")) {
                    assertThat(dashboard.state(column)).as(column).isEqualTo("logged-in");
                    assertThat(dashboard.count(column, "relogins")).as(column + " forced re-logins").isZero();
                    assertThat(dashboard.count(column, "unauthorized")).as(column + " 401s").isZero();
                }
                browser.screenshotFullPage(Results.IMG.resolve("dashboard-forced-relogin.png"), 1280);

                dashboard.login("sticky");
                survivor = dashboard.loginInstance("sticky");
                assertThat(survivor).isNotEqualTo(pinned);
                Results.section("3", "## 3. `docker kill` of the sticky user's instance\n\n"
                        + "![the sticky column after the kill](img/dashboard-forced-relogin.png)\n\n"
                        + "alice was pinned to " + pinned + "; after `docker kill " + pinned + "` the sticky column said: \""
                        + stickyStatus + "\" (forced re-logins: 1).\n"
                        + "The Redis-session and token columns stayed logged in (0 forced re-logins, 0 × 401).\n"
                        + "Logging in again pinned alice to " + survivor + ".\n");
            } finally {
                stack.start(pinned);
                stack.awaitHealthy(pinned);
            }
        }
    }

    private static List<NginxAccessLine> awaitLines(int mark, Predicate<NginxAccessLine> match) {
        List<NginxAccessLine> found = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<NginxAccessLine> log = stack.nginxAccessLog();
            found.clear();
            found.addAll(log.subList(Math.min(mark, log.size()), log.size()).stream().filter(match).toList());
            return !found.isEmpty();
        });
        return found;
    }

    private static String statuses(List<NginxAccessLine> lines) {
        return lines.stream().map(l -> String.valueOf(l.status())).collect(Collectors.joining(", "));
    }
}
