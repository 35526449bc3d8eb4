package lab.common.http;

import java.util.HashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: a stable {@code type} per kind of failure, so that a client can branch on it
 * without reading prose. Thrown as an exception anywhere in a handler; the server renders it.
 */
public final class Problem extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, String> headers;

    public Problem(int status, String slug, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false); // no stack trace: a problem is an answer, not a bug
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public Problem(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    public static Problem badRequest(String detail) {
        return new Problem(400, "invalid-request", "The request is not valid", detail);
    }

    public static Problem unauthorized(String detail) {
        return new Problem(401, "unauthenticated", "Authentication required", detail);
    }

    public static Problem forbidden(String slug, String title, String detail) {
        return new Problem(403, slug, title, detail);
    }

    public static Problem unavailable(String detail) {
        return new Problem(503, "dependency-unavailable", "A dependency of this instance is unavailable", detail,
                Map.of("Retry-After", "2"));
    }

    public int status() {
        return status;
    }

    public String type() {
        return "/problems/" + slug;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Adds a header (for example {@code WWW-Authenticate}) to a copy of this problem. */
    public Problem withHeader(String name, String value) {
        var merged = new HashMap<>(headers);
        merged.put(name, value);
        return new Problem(status, slug, title, detail(), merged);
    }
}
