package lab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lab.harness.LabStack;
import lab.harness.NginxAccessLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WindowType;

/**
 * The CSRF lab: a victim logged in on the dashboard (http://localhost:8080) opens the attacker's
 * page (http://127.0.0.1:8090, another site), which forges transfers six ways against each stack.
 * For each setting of the session stacks, the outcome of each attempt is what was observed: the
 * cookies Chromium attached or withheld (DevTools), the status nginx logged, and whether a transfer
 * showed up in the victim's list. The expected outcomes below are the ones observed; a change of
 * the applications or of Chromium that changes one makes this test fail.
 */
class CsrfBrowserTest {
    static final Map<String, Integer> PORTS = Map.of("sticky", 8083, "redis", 8081, "tokens", 8082);
    private static final String[] TOKEN_APPS = {"token-app-1", "token-app-2"};
    /**
     * How long nginx's log must stay the same after an attack before it counts as settled: every
     * request of the attack has been answered when it returns, and nginx logs unbuffered.
     */
    private static final Duration QUIET = Duration.ofMillis(300);
    static final List<String> STACKS = List.of("sticky", "redis", "tokens");
    static final List<String> ATTACKS = List.of(
            "form-text", "form-urlencoded", "fetch-json", "fetch-no-cors", "top-form-text", "top-form-urlencoded");
    static final Set<String> TOP_LEVEL = Set.of("top-form-text", "top-form-urlencoded");
    static final Map<String, String> AMOUNTS = Map.of("form-text", "13.01", "form-urlencoded", "13.02",
            "fetch-json", "13.03", "fetch-no-cors", "13.04", "top-form-text", "13.05", "top-form-urlencoded", "13.06");

    /** What became of one forged request. */
    enum Outcome {
        SUCCEEDED("**transfer created: the forgery worked**"),
        NOT_SENT("not sent: the preflight failed"),
        NO_CREDENTIAL_401("sent without a credential: 401"),
        REFUSED_403("refused by the server: 403"),
        REFUSED_415("cookie accepted, body refused as not JSON: 415"),
        OTHER("other");

        final String text;

        Outcome(String text) {
            this.text = text;
        }
    }

    /**
     * One setting of the session stacks (and of the browser), and the outcome of each attack
     * against either session stack (they behave alike). {@code tokenCookiesAsIn}: a setting that
     * runs the token stack with {@code TOKEN_TRANSPORT=cookie} and the same cookie switches as the
     * setting named, and attacks only the token stack, expecting the session stacks' outcomes there.
     */
    record Setting(String key, String title, Map<String, String> env, boolean thirdPartyCookies,
                   Map<String, Outcome> sessionStacks, Optional<String> tokenCookiesAsIn) {
        Setting(String key, String title, Map<String, String> env, boolean thirdPartyCookies,
                Outcome thirdParty, Outcome topLevel) {
            this(key, title, env, thirdPartyCookies,
                    outcomes(thirdParty, topLevel, "on".equals(env.get("ACCEPT_FORM_POSTS"))), Optional.empty());
        }

        /** The token stack in cookies, with the switches of {@code as}: the credential changes, the cookie does not. */
        static Setting tokenCookies(String key, Setting as) {
            return new Setting(key, "as " + as.key() + ", with the token stack's TOKEN_TRANSPORT=cookie", as.env(),
                    as.thirdPartyCookies(), as.sessionStacks(), Optional.of(as.key()));
        }

        List<String> targets() {
            return tokenCookiesAsIn.isPresent() ? List.of("tokens") : STACKS;
        }

        Map<String, Outcome> tokenStack() {
            return tokenCookiesAsIn.isPresent() ? sessionStacks : TOKEN_STACK;
        }

        /** What a run must observe, per "stack/attack": the session stacks alike, the token stack its own way. */
        Map<String, Outcome> expected() {
            Map<String, Outcome> expected = new LinkedHashMap<>();
            for (String stack : targets()) {
                ATTACKS.forEach(a -> expected.put(stack + "/" + a, stack.equals("tokens") ? tokenStack().get(a) : sessionStacks.get(a)));
            }
            return expected;
        }

        /** The token apps' switches: none (header transport), or the cookie switches and TOKEN_TRANSPORT=cookie. */
        Map<String, String> tokenEnv() {
            if (tokenCookiesAsIn.isEmpty()) {
                return Map.of();
            }
            Map<String, String> tokens = new LinkedHashMap<>(env);
            tokens.put("TOKEN_TRANSPORT", "cookie");
            return tokens;
        }

        @Override
        public String toString() {
            return key + ") " + title;
        }
    }

    /** The token stack reads none of these settings, and the browser never attaches a token by itself. */
    private static final Map<String, Outcome> TOKEN_STACK = outcomes(Outcome.NO_CREDENTIAL_401, Outcome.NO_CREDENTIAL_401, false);

    private static final Map<String, String> NONE_OFF = Map.of(
            "COOKIE_SAMESITE", "None", "COOKIE_SECURE", "true", "CSRF_PROTECTION", "off");
    private static final Map<String, String> NONE_OFF_FORMS = Map.of(
            "COOKIE_SAMESITE", "None", "COOKIE_SECURE", "true", "CSRF_PROTECTION", "off", "ACCEPT_FORM_POSTS", "on");

    /**
     * The outcomes observed, per setting: for the requests in a third-party context (hidden frames,
     * fetch) and for the top-level forms (new window). Chromium blocks third-party cookies by default here.
     */
    static Stream<Arguments> settings() {
        return allSettings().stream()
                .filter(s -> System.getProperty("lab.csrf.only", "").isBlank()
                        || System.getProperty("lab.csrf.only").contains(s.key())) // e.g. -Dlab.csrf.only=b,c while working on it
                .map(Arguments::of);
    }

    /** Every setting, in the order a run takes them. */
    static List<Setting> allSettings() {
        Setting defaults = new Setting("a", "defaults: SameSite=Lax, CSRF_PROTECTION=on, ACCEPT_FORM_POSTS=off", Map.of(), false,
                Outcome.REFUSED_403, Outcome.REFUSED_403);
        Setting allDown = new Setting("c", "SameSite=None, CSRF_PROTECTION=off, ACCEPT_FORM_POSTS=on", NONE_OFF_FORMS, false,
                Outcome.NO_CREDENTIAL_401, Outcome.REFUSED_415);
        // Ordered to recreate as few containers as possible (each recreate restarts JVMs, the slow
        // part): g and h share a's and c's session settings, and run next to each other so that the
        // token stack goes to cookies once and back once. The results are reported by key.
        return List.of(
                defaults,
                Setting.tokenCookies("g", defaults),
                Setting.tokenCookies("h", allDown),
                allDown,
                new Setting("d", "as c, and the browser allows third-party cookies", NONE_OFF_FORMS, true,
                        Outcome.REFUSED_415, Outcome.REFUSED_415),
                new Setting("b", "SameSite=None, CSRF_PROTECTION=off (the API still takes JSON only)", NONE_OFF, false,
                        Outcome.NO_CREDENTIAL_401, Outcome.REFUSED_415),
                new Setting("e", "SameSite=Lax, CSRF_PROTECTION=off, ACCEPT_FORM_POSTS=on",
                        Map.of("CSRF_PROTECTION", "off", "ACCEPT_FORM_POSTS", "on"), false,
                        Outcome.NO_CREDENTIAL_401, Outcome.NO_CREDENTIAL_401),
                new Setting("f", "SameSite=None, CSRF_PROTECTION=on, ACCEPT_FORM_POSTS=on",
                        Map.of("COOKIE_SAMESITE", "None", "COOKIE_SECURE", "true", "ACCEPT_FORM_POSTS", "on"), false,
                        Outcome.REFUSED_403, Outcome.REFUSED_403));
    }

    /**
     * @param thirdParty  the outcome of what is not JSON, sent from a hidden frame or with fetch
     * @param topLevel    the same, from a form in a new window
     * @param formsAccepted ACCEPT_FORM_POSTS=on: a urlencoded form that gets as far as a text/plain
     *                    one (415: the cookie was accepted, nothing checked the origin) is a transfer
     */
    private static Map<String, Outcome> outcomes(Outcome thirdParty, Outcome topLevel, boolean formsAccepted) {
        Map<String, Outcome> m = new LinkedHashMap<>();
        m.put("form-text", thirdParty);
        m.put("form-urlencoded", urlencoded(thirdParty, formsAccepted));
        m.put("fetch-json", Outcome.NOT_SENT); // the preflight: session stacks refuse the origin; token stack: * with credentials
        m.put("fetch-no-cors", thirdParty);
        m.put("top-form-text", topLevel);
        m.put("top-form-urlencoded", urlencoded(topLevel, formsAccepted));
        return m;
    }

    private static Outcome urlencoded(Outcome textPlain, boolean formsAccepted) {
        return formsAccepted && textPlain == Outcome.REFUSED_415 ? Outcome.SUCCEEDED : textPlain;
    }

    private static LabStack stack;
    private static Map<String, String> current = Map.of();
    private static Map<String, String> currentTokens = Map.of();
    private static final Map<Setting, Map<String, Outcome>> SUMMARY = new LinkedHashMap<>();

    @BeforeAll
    static void up() {
        Chromium.requireInstalled(); // fail in a second, not after building the stack
        stack = LabStack.forBrowser();
    }

    @AfterAll
    static void restoreDefaults() {
        if (!current.isEmpty()) {
            stack.recreate(Map.of(), LabStack.SESSION_APPS.toArray(String[]::new));
            current = Map.of();
        }
        if (!currentTokens.isEmpty()) {
            stack.recreate(Map.of(), TOKEN_APPS);
            currentTokens = Map.of();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void forgedTransfers(Setting setting) {
        if (!current.equals(setting.env())) {
            stack.recreate(setting.env(), LabStack.SESSION_APPS.toArray(String[]::new));
            current = setting.env();
        }
        if (!currentTokens.equals(setting.tokenEnv())) {
            stack.recreate(setting.tokenEnv(), TOKEN_APPS);
            currentTokens = setting.tokenEnv();
        }
        assertThat(stack.environment("token-app-1").get("TOKEN_TRANSPORT")).as("token-app-1")
                .isEqualTo(setting.tokenCookiesAsIn().isPresent() ? "cookie" : "header");
        for (String service : LabStack.SESSION_APPS) {
            Map<String, String> env = stack.environment(service);
            assertThat(env.get("COOKIE_SAMESITE")).as(service).isEqualTo(setting.env().getOrDefault("COOKIE_SAMESITE", "Lax"));
            assertThat(env.get("CSRF_PROTECTION")).as(service).isEqualTo(setting.env().getOrDefault("CSRF_PROTECTION", "on"));
            assertThat(env.get("ACCEPT_FORM_POSTS")).as(service).isEqualTo(setting.env().getOrDefault("ACCEPT_FORM_POSTS", "off"));
        }

        try (Chromium browser = Chromium.start(1280, 900, stack, setting.thirdPartyCookies())) {
            Results.browser(browser.version());
            Dashboard dashboard = new Dashboard(browser).open();
            dashboard.loginAll();
            String cookies = browser.driver.manage().getCookies().stream()
                    .sorted(Comparator.comparing(Cookie::getName))
                    .map(c -> "`" + c.getName() + "`: SameSite=" + c.getSameSite() + (c.isSecure() ? ", Secure" : "")
                            + (c.isHttpOnly() ? ", HttpOnly" : ""))
                    .collect(Collectors.joining("; "));
            Set<String> before = new HashSet<>();
            for (String column : List.of("sticky", "redis")) {
                dashboard.transfers(column).forEach(t -> before.add(t.get("id")));
            }
            String dashboardTab = browser.driver.getWindowHandle();
            browser.networkEvents(); // the dashboard's own events are not the attack's

            assertThat(browser.cspViolations()).as("Content-Security-Policy violations on the dashboard").isEmpty();
            browser.driver.switchTo().newWindow(WindowType.TAB);
            browser.watchCsp(); // a new tab: the listener is installed per tab
            browser.driver.get(LabStack.ATTACKER + "?manual");
            browser.waiting(Duration.ofSeconds(15)).until(d -> "ready".equals(
                    d.findElement(By.tagName("body")).getDomAttribute("data-state")));
            String attackerTab = browser.driver.getWindowHandle();

            List<Attempt> attempts = new ArrayList<>();
            for (String target : setting.targets()) {
                for (String attack : ATTACKS) {
                    attempts.add(attack(browser, attackerTab, target, attack));
                }
            }
            browser.screenshotFullPage(Path.of("target", "attacker-" + setting.key() + ".png"), 1280);
            // nginx's Content-Security-Policy for the attacker site allows exactly its forgeries.
            assertThat(browser.cspViolations()).as("Content-Security-Policy violations on the attacker page").isEmpty();

            // The victim's own view: did a transfer to mallory appear (amounts name the attack)?
            browser.driver.switchTo().window(dashboardTab);
            List<Map<String, String>> created = new ArrayList<>();
            for (String column : List.of("sticky", "redis")) {
                dashboard.transfers(column).stream()
                        .filter(t -> !before.contains(t.get("id")) && "mallory".equals(t.get("to")))
                        .forEach(created::add);
            }
            for (Attempt a : attempts) {
                String instancePrefix = switch (a.stack) {
                    case "sticky" -> "sticky-app";
                    case "redis" -> "session-app";
                    default -> "token-app"; // listed with the Redis stack's: they share Redis
                };
                a.transferCreated = created.stream().anyMatch(t -> AMOUNTS.get(a.attack).equals(t.get("amount"))
                        && t.get("instance").startsWith(instancePrefix));
            }
            assertThat(dashboard.state("sticky")).as("the victim is still logged in").isEqualTo("logged-in");

            write(setting, cookies, attempts);
            Map<String, Outcome> expected = setting.expected();
            for (Attempt a : attempts) {
                assertThat(a.outcome()).as("%s against %s (%s)", a.attack, a.stack, a.describe())
                        .isEqualTo(expected.get(a.stack + "/" + a.attack));
            }
        }
    }

    private Attempt attack(Chromium browser, String attackerTab, String target, String attack) {
        int mark = stack.nginxAccessLog().size();
        int events = browser.networkEvents().size();
        String seen;
        if (TOP_LEVEL.contains(attack)) {
            // A real click on the page's button: the user activation a browser wants before it opens a window.
            Set<String> windows = browser.driver.getWindowHandles();
            browser.driver.findElement(By.cssSelector(
                    "td[data-stack='" + target + "'][data-attack='" + attack + "'] button")).click();
            String opened = browser.waiting(Duration.ofSeconds(10)).until(d -> d.getWindowHandles().stream()
                    .filter(h -> !windows.contains(h)).findFirst().orElse(null));
            browser.driver.switchTo().window(opened);
            String shown = browser.waiting(Duration.ofSeconds(15)).until(d -> {
                String text = d.findElement(By.tagName("body")).getText();
                return text.isBlank() ? null : text;
            });
            browser.driver.close();
            browser.driver.switchTo().window(attackerTab);
            seen = "nothing (the new window is another origin's); the victim's new window showed `"
                    + shown.strip().replace('|', '/').replace('`', '\'') + "`";
        } else {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) browser.asyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "window.csrfLab.run(arguments[0], arguments[1]).then(done, e => done({attackerSees: String(e)}));",
                    target, attack);
            seen = String.valueOf(result.get("attackerSees"));
        }
        int port = PORTS.get(target);
        // When the attack returns, every request it made has been answered (the page waits for the
        // frame's load, the fetch's answer, the new window's text), and nginx writes its unbuffered
        // line just after answering: the log has settled once it stays the same for QUIET.
        List<NginxAccessLine> lines = List.of();
        long deadline = System.currentTimeMillis() + 5000;
        long changedAt = System.currentTimeMillis();
        int counted = -1;
        while (System.currentTimeMillis() < deadline && System.currentTimeMillis() - changedAt < QUIET.toMillis()) {
            List<NginxAccessLine> log = stack.nginxAccessLog();
            lines = log.subList(Math.min(mark, log.size()), log.size()).stream()
                    .filter(l -> l.port() == port && l.path().equals("/api/transfers")
                            && (l.method().equals("POST") || l.method().equals("OPTIONS")))
                    .toList();
            if (lines.size() != counted) {
                counted = lines.size();
                changedAt = System.currentTimeMillis();
            }
            sleep(100);
        }
        List<JsonNode> network = browser.networkEvents();
        return new Attempt(target, attack, seen, lines, cookieAttached(network.subList(events, network.size()), port));
    }

    /**
     * The session cookies Chromium attached to the forged POST, or withheld and why, from DevTools'
     * Network.requestWillBeSentExtraInfo (chromedriver's performance log).
     */
    private static String cookieAttached(List<JsonNode> events, int port) {
        Set<String> ids = new HashSet<>();
        for (JsonNode e : events) {
            JsonNode request = e.path("params").path("request");
            if (e.path("method").asText().equals("Network.requestWillBeSent")
                    && request.path("url").asText().equals("http://localhost:" + port + "/api/transfers")
                    && request.path("method").asText().equals("POST")) {
                ids.add(e.path("params").path("requestId").asText());
            }
        }
        if (ids.isEmpty()) {
            return "not in the DevTools log";
        }
        Set<String> found = new TreeSet<>();
        boolean extraInfo = false;
        for (JsonNode e : events) {
            if (!e.path("method").asText().equals("Network.requestWillBeSentExtraInfo")
                    || !ids.contains(e.path("params").path("requestId").asText())) {
                continue;
            }
            extraInfo = true;
            for (JsonNode c : e.path("params").path("associatedCookies")) {
                String name = c.path("cookie").path("name").asText();
                if (!name.endsWith("SID") && !name.equals("ACCESS_TOKEN")) {
                    continue;
                }
                List<String> reasons = new ArrayList<>();
                c.path("blockedReasons").forEach(r -> reasons.add(r.asText()));
                found.add(name + (reasons.isEmpty() ? " **sent**" : " withheld (" + String.join(", ", reasons) + ")"));
            }
        }
        return !extraInfo ? "not in the DevTools log" : found.isEmpty() ? "none" : String.join(", ", found);
    }

    private static void write(Setting setting, String cookies, List<Attempt> attempts) {
        StringBuilder md = new StringBuilder("### " + setting.key() + ") " + setting.title() + "\n\n")
                .append("Environment: `").append(setting.env().isEmpty() ? "(defaults)" : setting.env().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "))).append("`")
                .append(setting.thirdPartyCookies() ? "; Chromium set to allow third-party cookies" : "; Chromium's defaults")
                .append(". Cookies as Chromium stored them after login: ").append(cookies).append(".\n\n")
                .append("| stack | attack | session cookies on the forged POST (DevTools) | nginx logged | what the attacker saw | outcome |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        Map<String, Outcome> summary = new LinkedHashMap<>();
        for (Attempt a : attempts) {
            md.append("| ").append(a.stack).append(" | ").append(a.attack).append(" | ").append(a.cookie).append(" | ")
              .append(a.lines.isEmpty() ? "nothing" : a.lines.stream().map(NginxAccessLine::toString).collect(Collectors.joining("; ")))
              .append(" | ").append(a.attackerSees.replace("|", "/")).append(" | ").append(a.outcome().text).append(" |\n");
            summary.put(a.stack + "/" + a.attack, a.outcome());
        }
        SUMMARY.put(setting, summary);
        Results.section("4-" + setting.key(), md.toString());
        Results.section("4", summaryMarkdown());
    }

    private static String summaryMarkdown() {
        StringBuilder md = new StringBuilder("## 4. CSRF: forged transfers from http://127.0.0.1:8090\n\n")
                .append("The victim is logged in as alice on all three columns of the dashboard, then opens the attacker's "
                        + "page in another tab. It tries six ways against each stack (nginx/attacker/): a form in a hidden "
                        + "frame with `enctype=\"text/plain\"` and a JSON-looking body, and one urlencoded; a `fetch` with "
                        + "`credentials: 'include'` and `Content-Type: application/json`; a `no-cors` `fetch` with a text/plain "
                        + "body; and the two forms again in a new window (a top-level navigation, after a click). "
                        + "Outcomes per setting (the sticky and the Redis session stacks behaved alike unless shown apart):\n\n")
                .append("| setting | session stacks: frame text/plain · frame urlencoded · fetch JSON · fetch no-cors · window text/plain · window urlencoded | token stack |\n")
                .append("| --- | --- | --- |\n");
        SUMMARY.entrySet().stream().sorted(Comparator.comparing(e -> e.getKey().key()))
                .forEach(entry -> md.append(summaryRow(entry.getKey(), entry.getValue())).append('\n'));
        md.append("""

                What the run showed (each row is asserted by the test):
                - **The forgery works** in c) and d): `SameSite=None`, no CSRF check, and an API that takes a form
                  (`ACCEPT_FORM_POSTS=on`). The urlencoded form in a new window (13.06) creates a transfer to mallory
                  on both session stacks; in d), where Chromium also allows third-party cookies, the one in a hidden
                  frame (13.02) does too. The victim's transfer list on the dashboard shows them.
                - **The JSON-only API** stops everything in b): where the cookie arrives, the answer is 415, because a
                  form cannot send `Content-Type: application/json` and a `fetch` that sends it needs a preflight,
                  which the session stacks refuse for a foreign origin.
                - **SameSite=Lax** (e): Chromium withholds the cookie from every cross-site POST, top level included: 401.
                - **CSRF_PROTECTION=on** (a, f): the Origin check answers 403 before the session is even looked up.
                - **Third-party cookie blocking** (Chromium's default in this run): hidden frames and fetches carry no
                  cookie, not even a `SameSite=None` one (DevTools: `UserPreferences`): 401. Only top-level
                  navigations take it along.
                - **The token stack** answers 401 to every forgery in every setting where its tokens travel in the
                  `Authorization` header: the browser never attaches a token.
                - **The same token stack with `TOKEN_TRANSPORT=cookie`** (g, h) gives, attack for attack, the session
                  stacks' outcomes under the same cookie switches: refused at the defaults, and in h the urlencoded form
                  in a new window creates a transfer with nothing but the token cookie. CSRF follows the cookie, not what
                  the cookie holds.

                For the forms sent into a new window the DevTools column says "not in the DevTools log": chromedriver's
                log does not include a new window's first request; the status (401, 415, 201) tells whether the
                cookie came.
                """);
        return md.toString();
    }

    /** A setting's row of section 4's table, from the outcome of each attack ("stack/attack"). */
    static String summaryRow(Setting setting, Map<String, Outcome> outcomes) {
        return "| " + setting.key() + ") " + setting.title() + " | "
                + setting.tokenCookiesAsIn().map(as -> "not repeated (as in " + as + ")")
                        .orElseGet(() -> ATTACKS.stream().map(a -> sessionCell(outcomes, a)).collect(Collectors.joining(" · ")))
                + " | " + (setting.tokenCookiesAsIn().isPresent()
                        ? ATTACKS.stream().map(a -> outcomes.get("tokens/" + a).text).collect(Collectors.joining(" · "))
                        : ATTACKS.stream().map(a -> outcomes.get("tokens/" + a).text).distinct().collect(Collectors.joining(" / ")))
                + " |";
    }

    private static String sessionCell(Map<String, Outcome> outcomes, String attack) {
        Outcome sticky = outcomes.get("sticky/" + attack);
        Outcome redis = outcomes.get("redis/" + attack);
        return sticky == redis ? sticky.text : "sticky: " + sticky.text + ", Redis: " + redis.text;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One forged request and everything observed about it. */
    static final class Attempt {
        final String stack;
        final String attack;
        final String attackerSees;
        final List<NginxAccessLine> lines;
        final String cookie;
        boolean transferCreated;

        Attempt(String stack, String attack, String attackerSees, List<NginxAccessLine> lines, String cookie) {
            this.stack = stack;
            this.attack = attack;
            this.attackerSees = attackerSees;
            this.lines = lines;
            this.cookie = cookie;
        }

        Outcome outcome() {
            if (transferCreated) {
                return Outcome.SUCCEEDED;
            }
            List<NginxAccessLine> posts = lines.stream().filter(l -> l.method().equals("POST")).toList();
            if (posts.isEmpty()) {
                return lines.isEmpty() ? Outcome.OTHER : Outcome.NOT_SENT;
            }
            return switch (posts.get(posts.size() - 1).status()) {
                case 401 -> Outcome.NO_CREDENTIAL_401;
                case 403 -> Outcome.REFUSED_403;
                case 415 -> Outcome.REFUSED_415;
                case 201 -> Outcome.SUCCEEDED;
                default -> Outcome.OTHER;
            };
        }

        String describe() {
            return "nginx: " + lines + ", cookie: " + cookie + ", attacker saw: " + attackerSees;
        }
    }
}
