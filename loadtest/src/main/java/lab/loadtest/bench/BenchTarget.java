package lab.loadtest.bench;

import java.net.URI;

/**
 * A named thing to measure. A URL with a path ({@code http://127.0.0.1:8083/health}) is requested as it
 * is, with no credential: a baseline. A base URL ({@code http://127.0.0.1:8081}) is a stack of the
 * lab's contract: the bench logs in and requests {@code GET /api/me} with what the login gave.
 */
public record BenchTarget(String name, URI url) {

    public boolean plain() {
        String path = url.getPath();
        return path != null && !path.isEmpty() && !path.equals("/");
    }
}
