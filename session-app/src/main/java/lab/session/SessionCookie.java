package lab.session;

import io.javalin.http.Context;
import java.util.Optional;
import lab.common.auth.OpaqueTokens;

/**
 * The session cookie ({@code SID} unless configured): {@code <id>.<instance>}. The id is {@link lab.common.auth.OpaqueTokens#random()}: 256 bits from a CSPRNG (OWASP asks for
 * at least 64 bits of entropy; 128 is the usual floor). The suffix names the instance that created the
 * session, as Jetty's worker name does, so a balancer can route a user back to it (the sticky stack).
 */
public final class SessionCookie {
    /** The longest instance suffix accepted: far above the lab's instance names. */
    static final int MAX_ROUTE_CHARS = 64;

    private final String route;
    private final SessionConfig config;

    public SessionCookie(String route, SessionConfig config) {
        this.route = route;
        this.config = config;
    }

    /** The session id this request carries, or empty for anything we could not have issued. */
    public Optional<String> idIn(Context ctx) {
        return idFrom(ctx.cookie(config.cookieName()));
    }

    /**
     * The session id inside a cookie value, or empty for anything we could not have issued: 43
     * base64url characters, optionally a dot and 1 to 64 more (the expression
     * {@code ([A-Za-z0-9_-]{43})(?:\.[A-Za-z0-9_-]{1,64})?}, checked by a loop on every request, as
     * {@code Bearer} checks a token's shape).
     */
    static Optional<String> idFrom(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        int dot = cookieValue.indexOf('.');
        int idEnd = dot < 0 ? cookieValue.length() : dot;
        int routeChars = cookieValue.length() - idEnd - 1; // -1: no dot, no route
        boolean issuedByUs = idEnd == OpaqueTokens.RANDOM_CHARS
                && (routeChars == -1 || (routeChars >= 1 && routeChars <= MAX_ROUTE_CHARS))
                && OpaqueTokens.isBase64Url(cookieValue, 0, idEnd)
                && OpaqueTokens.isBase64Url(cookieValue, idEnd + 1, cookieValue.length());
        return issuedByUs ? Optional.of(cookieValue.substring(0, idEnd)) : Optional.empty();
    }

    /** HttpOnly (no script can read it), no Max-Age (a browser-session cookie), SameSite from config. */
    public String issue(String id) {
        return config.cookies().issue(config.cookieName(), id + "." + route, "/");
    }

    public String clear() {
        return config.cookies().clear(config.cookieName(), "/");
    }
}
