package lab.common.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;

/**
 * The CSRF defences of a credential that the browser attaches by itself (a cookie): OWASP's
 * synchronizer token, sent back in a header a cross-site form cannot set, and a check of the
 * Origin a cross-site request announces. Safe methods change nothing and need neither.
 */
public final class Csrf {
    public static final String HEADER = "X-CSRF-Token";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private Csrf() {
    }

    public static boolean isSafe(Context ctx) {
        return SAFE.contains(ctx.method());
    }

    /** A state change must carry {@code expected} in {@link #HEADER} (compared in constant time), or it is a 403. */
    public static void checkToken(Context ctx, String expected) {
        if (isSafe(ctx)) {
            return;
        }
        String sent = ctx.header(HEADER);
        boolean matches = sent != null && !expected.isEmpty() && MessageDigest.isEqual(
                sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            throw Problem.forbidden("csrf-token-invalid", "CSRF token missing or wrong",
                    "send the csrfToken from the login response in the " + HEADER + " header");
        }
    }

    /** A cross-site request announces itself with Origin; refuse state changes from origins not allowed. */
    public static void checkOrigin(Context ctx, CorsPolicy cors) {
        String origin = ctx.header("Origin");
        if (isSafe(ctx) || origin == null) {
            return;
        }
        String sameOrigin = ctx.scheme() + "://" + ctx.host();
        if (!origin.equals(sameOrigin) && !cors.allows(origin)) {
            throw Problem.forbidden("origin-not-allowed", "Cross-origin request refused",
                    "the Origin of this request is not allowed to change state");
        }
    }
}
