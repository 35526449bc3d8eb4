package lab.browser;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The dashboard at http://localhost:8080/, as a user sees and uses it. */
final class Dashboard {
    /** The dashboard as the browser loads it: the origin the apps' CORS lists allow by default. */
    static final String ORIGIN = "http://localhost:8080/";
    static final List<String> COLUMNS = List.of("sticky", "redis", "tokens");

    private final Chromium browser;

    Dashboard(Chromium browser) {
        this.browser = browser;
    }

    Dashboard open() {
        browser.driver.get(ORIGIN);
        browser.waiting(Duration.ofSeconds(15)).until(d -> "true".equals(
                d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        return this;
    }

    WebElement column(String id) {
        return browser.driver.findElement(By.id("col-" + id));
    }

    String state(String id) {
        return column(id).getDomAttribute("data-state");
    }

    void loginAll() {
        browser.driver.findElement(By.id("login-all")).click();
        for (String id : COLUMNS) {
            awaitState(id, "logged-in", Duration.ofSeconds(30));
        }
    }

    void login(String id) {
        column(id).findElement(By.cssSelector(".btn-login")).click();
        awaitState(id, "logged-in", Duration.ofSeconds(30));
    }

    void awaitState(String id, String state, Duration timeout) {
        browser.waiting(timeout).withMessage(() -> id + " column: expected state " + state + ", status: " + status(id)
                        + " / " + column(id).findElement(By.cssSelector(".last")).getText())
                .until(d -> state.equals(state(id)));
    }

    String status(String id) {
        return column(id).findElement(By.cssSelector(".status")).getText();
    }

    /** The instance that answered this column's login (the sticky column is pinned to it). */
    String loginInstance(String id) {
        return column(id).getDomAttribute("data-login-instance");
    }

    long count(String id, String counter) {
        return Long.parseLong(column(id).findElement(By.cssSelector("[data-count='" + counter + "']")).getText().trim());
    }

    /** Instances named by the strip's cells for the API (logged-in requests; not /health, not /auth). */
    Set<String> stripInstances(String id) {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) browser.script(
                "return [...document.querySelectorAll(arguments[0])].map(c => c.dataset.instance).filter(Boolean)",
                "#col-" + id + " .strip span[data-path^='/api/']");
        return new LinkedHashSet<>(names);
    }

    boolean instanceAlive(String instance) {
        return "true".equals(browser.script(
                "const r = document.querySelector(`#instances tr[data-instance='${arguments[0]}']`); return r && r.dataset.alive",
                instance));
    }

    /** The health panel's "answered from memory" cell of this instance: its near caches' hit ratios. */
    String nearCacheShares(String instance) {
        return (String) browser.script(
                "const c = document.querySelector(`#instances tr[data-instance='${arguments[0]}'] td.cache`); return c ? c.textContent : ''",
                instance);
    }

    /** Reloads the column's transfer list and returns it (to, amount, instance per transfer). */
    @SuppressWarnings("unchecked")
    List<Map<String, String>> transfers(String id) {
        WebElement list = column(id).findElement(By.cssSelector(".transfers"));
        String before = list.getDomAttribute("data-loads");
        column(id).findElement(By.cssSelector(".btn-transfers")).click();
        // The reload runs after the request in flight: wait until the page has replaced the list.
        browser.waiting(Duration.ofSeconds(15)).withMessage(() -> id + " column: the transfer list was not reloaded")
                .until(d -> !Objects.equals(before, list.getDomAttribute("data-loads")));
        return (List<Map<String, String>>) browser.script(
                "return [...document.querySelectorAll(arguments[0])].map(li => ({id: li.dataset.id, to: li.dataset.to, amount: li.dataset.amount, instance: li.dataset.instance}))",
                "#col-" + id + " .transfers li[data-to]");
    }

    void transfer(String id) {
        column(id).findElement(By.cssSelector(".btn-transfer")).click();
    }

    void runCorsChecks() {
        browser.driver.findElement(By.id("cors-run")).click();
        browser.waiting(Duration.ofSeconds(30)).until(d -> !d.findElement(By.id("cors-credentials"))
                .getDomAttribute("data-result").isEmpty());
    }

    String corsResult(String id) {
        return browser.driver.findElement(By.id(id)).getDomAttribute("data-result");
    }

    String corsText(String id) {
        return browser.driver.findElement(By.id(id)).getText();
    }
}
