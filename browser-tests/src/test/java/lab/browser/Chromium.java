package lab.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lab.harness.LabStack;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium, driven through Debian's chromedriver. Both paths are given
 * explicitly, so Selenium Manager never looks for (or downloads) a browser or a driver. Each
 * instance has a fresh, empty profile: no cookies from a previous test.
 */
final class Chromium implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("lab.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("lab.chromedriver", "/usr/bin/chromedriver"));
    private static final ObjectMapper JSON = new ObjectMapper();
    // Selenium looks for a DevTools binding matching the browser at every start and warns when
    // there is none; these tests use chromedriver's logs, not Selenium's DevTools API.
    private static final Logger CDP_LOGGER = Logger.getLogger("org.openqa.selenium.devtools");
    /**
     * Records every Content-Security-Policy violation of a document in {@code window.__labCspViolations}.
     * Installed through DevTools before any of the page's own scripts run, so a violation while the
     * page loads is caught too; the script itself is not subject to the page's policy.
     */
    private static final String CSP_LISTENER = """
            (() => {
              const seen = [];
              Object.defineProperty(window, '__labCspViolations', { value: seen });
              document.addEventListener('securitypolicyviolation', e => seen.push({
                directive: e.effectiveDirective, blocked: e.blockedURI, disposition: e.disposition,
                source: `${e.sourceFile}:${e.lineNumber}`, sample: e.sample }));
            })();
            """;

    static {
        CDP_LOGGER.setLevel(Level.SEVERE);
    }

    final ChromeDriver driver;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();
    private final List<JsonNode> network = new ArrayList<>();

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Fails (never skips) with one sentence on what to install when the browser is missing. */
    static void requireInstalled() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new AssertionError("The browser tests need Chromium at " + CHROMIUM + " and ChromeDriver at "
                    + CHROMEDRIVER + ": run ci/install-chromium.sh as root on Debian (or apt-get install chromium "
                    + "chromium-driver), or point -Dlab.chromium / -Dlab.chromedriver at them.");
        }
    }

    static Chromium start(int width, int height, LabStack stack) {
        return start(width, height, stack, false);
    }

    /**
     * Chromium's own mapping of host and port to the address it connects to: the page, its origin,
     * the Host header and the cookies stay those of the lab's own ports (http://localhost:8081 is
     * still that origin to the browser), only the connection goes to the copy's port. Empty on the
     * lab's own ports.
     */
    private static String hostResolverRules(LabStack stack) {
        return stack.ownPortsToThisCopy().entrySet().stream().filter(e -> !e.getKey().equals(e.getValue()))
                .flatMap(e -> Stream.of("localhost", "127.0.0.1")
                        .map(host -> "MAP " + host + ":" + e.getKey() + " 127.0.0.1:" + e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /**
     * @param allowThirdPartyCookies false: the profile's defaults (in the Chromium 156 measured here,
     *                               third-party cookies are blocked: DevTools reports the reason
     *                               "UserPreferences"); true: the setting that allows them
     *                               ({@code profile.cookie_controls_mode} 0).
     * @param stack                  the copy of the stack the browser reaches when it opens the lab's
     *                               own addresses (http://localhost:8080 and the rest)
     */
    static Chromium start(int width, int height, LabStack stack, boolean allowThirdPartyCookies) {
        requireInstalled();
        System.setProperty("SE_AVOID_STATS", "true");
        Path profile;
        try {
            profile = Files.createTempDirectory("lab-chromium-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--disable-extensions", "--disable-default-apps", "--no-default-browser-check",
                "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        String rules = hostResolverRules(stack);
        if (!rules.isEmpty()) {
            options.addArguments("--host-resolver-rules=" + rules);
        }
        if (allowThirdPartyCookies) {
            // 0 = allow all cookies (1 = block third-party cookies, 2 = block them in incognito only).
            options.setExperimentalOption("prefs", Map.of("profile.cookie_controls_mode", 0));
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogOutput(OutputStream.nullOutputStream())
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Chromium browser = new Chromium(driver, profile);
        browser.watchCsp();
        return browser;
    }

    /**
     * Installs the CSP listener in every document the current tab loads from now on. Called for the
     * first tab by {@link #start}; call it again after switching to a new tab, before loading a page.
     */
    void watchCsp() {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", CSP_LISTENER));
    }

    /**
     * The Content-Security-Policy violations of the current tab's page so far (directive, blocked
     * URL, source). Fails when the page has no listener (loaded before {@link #watchCsp}): an empty
     * list must mean "none", never "not watched".
     */
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> cspViolations() {
        Object seen = script("return window.__labCspViolations === undefined ? null : window.__labCspViolations");
        if (seen == null) {
            throw new AssertionError("no CSP listener in " + driver.getCurrentUrl() + ": call watchCsp() before loading it");
        }
        return (List<Map<String, Object>>) seen;
    }

    String version() {
        return String.valueOf(driver.getCapabilities().getBrowserVersion());
    }

    WebDriverWait waiting(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    Object asyncScript(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(js, args);
    }

    /** Every console entry since the start (Selenium hands each out once; they are kept here). */
    List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return List.copyOf(console);
    }

    List<LogEntry> consoleErrors() {
        return console().stream().filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
    }

    /** DevTools Network.* events since the start (from chromedriver's performance log). */
    List<JsonNode> networkEvents() {
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if (message.path("method").asText().startsWith("Network.")) {
                    network.add(message);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return List.copyOf(network);
    }

    /** Resizes the window so that the page's viewport (not the window) is width × height. */
    void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Number dw = (Number) script("return window.outerWidth - window.innerWidth");
        Number dh = (Number) script("return window.outerHeight - window.innerHeight");
        if (dw.intValue() != 0 || dh.intValue() != 0) {
            driver.manage().window().setSize(new Dimension(width + dw.intValue(), height + dh.intValue()));
        }
    }

    /** A screenshot of the viewport, scrolled to the top. */
    void screenshotTop(Path file) {
        script("window.scrollTo(0, 0)");
        settle();
        screenshot(file);
    }

    /** A screenshot of the whole page: the viewport is made as tall as the page first, then restored. */
    void screenshotFullPage(Path file, int width) {
        Dimension before = driver.manage().window().getSize();
        viewport(width, 800);
        Number height = (Number) script("return Math.ceil(document.documentElement.scrollHeight)");
        viewport(width, Math.max(600, height.intValue()));
        screenshotTop(file);
        driver.manage().window().setSize(before);
    }

    private void settle() {
        asyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(() => done()))");
    }

    void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp directory is harmless
            }
        }
    }
}
