package lab.loadtest.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The lab's HTTP contract as calls, for one stack's base URL (e.g. http://127.0.0.1:8081). */
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

    public Call login(Account account) {
        return new Call("POST", base.resolve("/auth/login"), Map.of(), loginBody(account), loginTimeout);
    }

    public Call me(Credential credential) {
        return new Call("GET", base.resolve("/api/me"), credential.headers(false), "", timeout);
    }

    public Call transfer(Credential credential) {
        return new Call("POST", base.resolve("/api/transfers"), credential.headers(true), TRANSFER_BODY, timeout);
    }

    static String loginBody(Account account) {
        // The demo accounts are plain words; still, escape what JSON needs escaping.
        return "{\"username\":\"" + escape(account.username()) + "\",\"password\":\"" + escape(account.password()) + "\"}";
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
