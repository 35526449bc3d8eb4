package lab.loadtest.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;

/** The lab's HTTP contract as requests, for one stack's base URL (e.g. http://127.0.0.1:8081). */
public final class LabApi {
    /** The one transfer every virtual user makes: small, valid, and the same size every time. */
    public static final String TRANSFER_BODY = "{\"to\":\"carol\",\"amount\":1}";

    private final URI base;
    private final Duration timeout;
    private final Duration loginTimeout;

    public LabApi(URI base, Duration timeout) {
        this(base, timeout, timeout);
    }

    /** {@code loginTimeout}: logins are slow on purpose, and nginx gives them longer (10 s) than other requests. */
    public LabApi(URI base, Duration timeout, Duration loginTimeout) {
        this.base = base;
        this.timeout = timeout;
        this.loginTimeout = loginTimeout;
    }

    public URI base() {
        return base;
    }

    public HttpRequest login(Account account) {
        return request("/auth/login").timeout(loginTimeout).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(loginBody(account))).build();
    }

    public HttpRequest me(Credential credential) {
        return credential.applyTo(request("/api/me").GET(), false).build();
    }

    public HttpRequest transfer(Credential credential) {
        HttpRequest.Builder builder = request("/api/transfers")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(TRANSFER_BODY));
        return credential.applyTo(builder, true).build();
    }

    /** A URL requested as it is, with no credential (the baselines, e.g. /health or nginx's own 200). */
    public static HttpRequest plainGet(URI url, Duration timeout) {
        return HttpRequest.newBuilder(url).timeout(timeout).GET().build();
    }

    static String loginBody(Account account) {
        // The demo accounts are plain words; still, escape what JSON needs escaping.
        return "{\"username\":\"" + escape(account.username()) + "\",\"password\":\"" + escape(account.password()) + "\"}";
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(timeout);
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
