package lab.browser;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** Section 5 of docs/browser-results.md: what XssBrowserTest observed, one row per setting. */
final class XssResults {
    private final Map<String, String> rows = new TreeMap<>();
    private final Map<String, String> findings = new TreeMap<>();

    synchronized void memoAsText(String memo) {
        rows.put("a", "| a) defaults | nothing: the memo showed as text, `" + cell(memo) + "` | nothing | nothing to replay |");
        findings.put("a", "- **By default** (a) the dashboard puts a memo in with `textContent`: the markup shows as characters and nothing runs.");
        write();
    }

    synchronized void blockedByCsp(CspReport report) {
        rows.put("b", "| b) `DASHBOARD_XSS=on` | the `<img>` was inserted; Chromium blocked its `onerror` handler (`"
                + report.effectiveDirective() + "`, blocked `" + report.blockedUri() + "`, sample `" + cell(report.sample())
                + "`) and posted a report to `/csp-report` | nothing | nothing to replay |");
        findings.put("b", "- **The Content-Security-Policy** (b) stops the same hole from being used: the markup lands in the page, "
                + "but an inline event handler is script the policy does not allow (`" + report.effectiveDirective()
                + "`), so steal.js never loads and the report shows what was tried.");
        write();
    }

    synchronized void stolen(Loot loot, int redisReplay, int stickyReplay, int mintedStatus, int afterLogout, int mintedAfterLogout) {
        rows.put("c", "| c) `DASHBOARD_XSS=on DASHBOARD_CSP=off` | steal.js, loaded by the memo | `document.cookie` = `\""
                + loot.value("document.cookie", "8080") + "\"`; token stack: the access token and the refresh token; session stacks: "
                + "their CSRF tokens, and one transfer of 13.37 to mallory each, made from inside the page (status "
                + loot.value("forged-transfer-status", "8081") + " and " + loot.value("forged-transfer-status", "8083") + ") | "
                + "access token: 200; refresh token: " + mintedStatus + ", a new token of the attacker's own; "
                + "CSRF tokens without the cookie: " + redisReplay + " and " + stickyReplay + "; after alice logged out: "
                + afterLogout + " for the stolen token, " + mintedAfterLogout + " for the minted one |");
        findings.put("c", "- **Without the policy** (c) the script reads no cookie (`document.cookie` is empty: the session cookies are HttpOnly), "
                + "but it rides them: its transfers to mallory, sent from the page with the page's CSRF token, were accepted on both session stacks.");
        findings.put("c2", "- What it took from the session stacks is worthless outside the page: the CSRF tokens alone get "
                + redisReplay + ", and nothing of the session went with them.");
        findings.put("c3", "- From the token stack it took the credential itself, although the page keeps its tokens in a module's memory, "
                + "not in `localStorage`: the script wrapped `window.fetch` and read them on their way. "
                + "Replayed from outside the browser the access token worked, and the refresh token minted the attacker a token of his own.");
        findings.put("c4", "- **Logout with revocation** (`REVOCATION=redis`) ended both: the stolen token and the minted one got "
                + afterLogout + " and " + mintedAfterLogout + ".");
        write();
    }

    synchronized void untilExp(Instant loggedOut, Instant exp, Instant lastAccepted, Instant firstRefused, int refreshAfterLogout) {
        long lived = Duration.between(loggedOut, lastAccepted).toSeconds();
        rows.put("d", "| d) as c, with `REVOCATION=off ACCESS_TOKEN_TTL=20 CLOCK_SKEW=0` | steal.js | the same | "
                + "after alice logged out: the access token 200 for " + lived + " s more, until its `exp`, then 401 from "
                + signedMillis(exp, firstRefused) + " after `exp`; the refresh token: " + refreshAfterLogout + " |");
        findings.put("d", "- **Without revocation** (d) logout cannot reach a copy: the stolen access token kept working for "
                + lived + " s after alice logged out and was refused only once its `exp` had passed (first refusal "
                + signedMillis(exp, firstRefused) + " after it). Logout still ended the refresh token (" + refreshAfterLogout
                + "): it lives in Redis whatever `REVOCATION` says.");
        write();
    }

    synchronized void tokenCookies(Loot loot, int replay) {
        rows.put("e", "| e) as c, with the token stack's `TOKEN_TRANSPORT=cookie` | steal.js | `document.cookie` = `\""
                + loot.value("document.cookie", "8080") + "\"`; no token from any stack; the CSRF token of each, and one transfer "
                + "to mallory each, made from inside the page (status " + loot.value("forged-transfer-status", "8081") + ", "
                + loot.value("forged-transfer-status", "8082") + ", " + loot.value("forged-transfer-status", "8083") + ") | "
                + "the token stack's CSRF token without the cookie: " + replay + " |");
        findings.put("e", "- **Tokens in `HttpOnly` cookies** (e) behave like a session under XSS: the script found no token to take, "
                + "and it rode the token cookie from the open page instead (a transfer, status " + loot.value("forged-transfer-status", "8082")
                + "). Where the token lives decides what XSS can carry away; what it holds does not.");
        write();
    }

    synchronized void dpop(int asBearer, int withoutProof, int refresh, String pageTransferAmount) {
        rows.put("f", "| f) as c, with the token stack's `DPOP=on` | steal.js | the access token and the refresh token again, "
                + "but bound to the page's non-extractable key; the script then pressed the page's Transfer button, and the page "
                + "signed a transfer of " + pageTransferAmount + " to bob | the access token as Bearer: " + asBearer
                + "; as DPoP without a proof by the page's key: " + withoutProof + "; the refresh token: " + refresh + " |");
        findings.put("f", "- **Sender-constrained tokens** (f, `DPOP=on`): the script still read the tokens on their way, but outside "
                + "the page they were worth nothing (" + asBearer + ", " + withoutProof + ", " + refresh + "): every use needs a proof "
                + "signed by a key WebCrypto will not hand out. Inside the page the script still used the token, by making the page "
                + "sign for it. Binding limits where a stolen token works, not what script in the page can do.");
        write();
    }

    private static String signedMillis(Instant exp, Instant at) {
        return Duration.between(exp, at).toMillis() + " ms";
    }

    private static String cell(String text) {
        return text.replace("|", "/").replace("`", "'");
    }

    private void write() {
        StringBuilder md = new StringBuilder("## 5. XSS: a memo that runs script in the victim's page\n\n")
                .append("alice is logged in on all three columns of the dashboard.\n")
                .append("bob, another customer, sends her 0.01 on the token stack with a memo that is an `<img>` whose `onerror` ")
                .append("loads the attacker's script (nginx/attacker/xss/), and alice's page reloads her transfers.\n")
                .append("The memo is shown in two columns (the Redis stacks share transfers).\n")
                .append("The attacker's column is what nginx logged at the attacker's `/loot`; replays were sent from the test JVM, ")
                .append("with nothing of alice's but that loot.\n\n")
                .append("| setting | what ran in alice's page | what the attacker got | replayed from outside the browser |\n")
                .append("| --- | --- | --- | --- |\n");
        rows.values().forEach(row -> md.append(row).append('\n'));
        md.append("\nWhat the run showed (each row is asserted by the test):\n");
        findings.values().forEach(line -> md.append(line).append('\n'));
        Results.section("5", md.toString());
    }
}
