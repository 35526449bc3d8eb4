package lab.common.http;

import io.javalin.http.Context;
import java.util.List;

/**
 * Cross-origin rules, written out rather than delegated to a plugin because they are one of the
 * lab's subjects. Two shapes exist: cookies need an explicit origin and
 * {@code Allow-Credentials: true} (a browser refuses {@code *} with credentials); bearer tokens need
 * no credentials, so {@code *} is allowed, but {@code Authorization} must be named in
 * {@code Allow-Headers} because a {@code *} there does not cover it.
 */
public record CorsPolicy(List<String> allowedOrigins, boolean allowCredentials, List<String> allowedHeaders) {
    static final String EXPOSED = "X-Instance, X-Upstream, X-Revocation-Check, WWW-Authenticate";
    static final String METHODS = "GET, POST, OPTIONS";
    static final int MAX_AGE_SECONDS = 600;

    public CorsPolicy {
        if (allowCredentials && allowedOrigins.contains("*")) {
            throw new IllegalArgumentException("a wildcard origin cannot be combined with credentials");
        }
        allowedOrigins = List.copyOf(allowedOrigins);
        allowedHeaders = List.copyOf(allowedHeaders);
    }

    public boolean allows(String origin) {
        return origin != null && (allowedOrigins.contains("*") || allowedOrigins.contains(origin));
    }

    /** Adds the CORS response headers that this request's origin earns, if any. */
    public void apply(Context ctx) {
        String origin = ctx.header("Origin");
        if (!allows(origin)) {
            return;
        }
        boolean wildcard = allowedOrigins.contains("*");
        ctx.header("Access-Control-Allow-Origin", wildcard ? "*" : origin);
        if (!wildcard) {
            ctx.header("Vary", "Origin");
        }
        if (allowCredentials) {
            ctx.header("Access-Control-Allow-Credentials", "true");
        }
        ctx.header("Access-Control-Expose-Headers", EXPOSED);
    }

    /** Answers a preflight: 204 with the allowed methods and headers, or 403 for a foreign origin. */
    public void preflight(Context ctx) {
        if (!allows(ctx.header("Origin"))) {
            throw Problem.forbidden("origin-not-allowed", "This origin is not allowed", "the Origin is not in CORS_ALLOWED_ORIGINS");
        }
        ctx.header("Access-Control-Allow-Methods", METHODS);
        ctx.header("Access-Control-Allow-Headers", String.join(", ", allowedHeaders));
        ctx.header("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        ctx.status(204);
    }
}
