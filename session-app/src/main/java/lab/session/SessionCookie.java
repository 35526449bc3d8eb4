package lab.session;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The session cookie ({@code SID} unless configured): {@code <id>.<instance>}. The id is {@link lab.common.auth.OpaqueTokens#random()}: 256 bits from a CSPRNG (OWASP asks for
 * at least 64 bits of entropy; 128 is the usual floor). The suffix names the instance that created the
 * session, as Jetty's worker name does, so a balancer can route a user back to it (the sticky stack).
 */
public final class SessionCookie {
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9_-]{43})(?:\\.[A-Za-z0-9_-]{1,64})?");

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

    /** The session id inside a cookie value, or empty for anything we could not have issued. */
    static Optional<String> idFrom(String cookieValue) {
        if (cookieValue == null) {
            return Optional.empty();
        }
        Matcher matcher = VALUE.matcher(cookieValue);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** HttpOnly (no script can read it), no Max-Age (a browser-session cookie), SameSite from config. */
    public String issue(String id) {
        return config.cookies().issue(config.cookieName(), id + "." + route, "/");
    }

    public String clear() {
        return config.cookies().clear(config.cookieName(), "/");
    }
}
