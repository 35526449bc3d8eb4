package lab.common.http;

import lab.common.config.ConfigException;
import lab.common.config.Env;

/**
 * How an app's credential cookies are set, and whether their CSRF defences are on: the same switches
 * for session-app's session cookie and token-app's token cookies ({@code TOKEN_TRANSPORT=cookie}),
 * because CSRF belongs to the cookie, not to what is in it.
 *
 * @param sameSite       {@code COOKIE_SAMESITE}: {@code Lax} (default), {@code Strict} or {@code None}
 * @param secure         {@code COOKIE_SECURE}, default false (the demo runs on plain http://localhost)
 * @param csrfProtection {@code CSRF_PROTECTION}: {@code on} (default): state changes need the CSRF
 *                       token and an allowed Origin ({@link Csrf}); {@code off} only for the CSRF lab
 */
public record CookieSettings(String sameSite, boolean secure, boolean csrfProtection) {

    public static CookieSettings from(Env env) {
        String sameSite = switch (env.choice("COOKIE_SAMESITE", "lax", "lax", "strict", "none")) {
            case "strict" -> "Strict";
            case "none" -> "None";
            default -> "Lax";
        };
        boolean secure = env.flag("COOKIE_SECURE", false);
        if (sameSite.equals("None") && !secure) {
            // Browsers drop a SameSite=None cookie that is not Secure; fail here, not in the browser.
            throw new ConfigException("COOKIE_SAMESITE", "None needs COOKIE_SECURE=true");
        }
        return new CookieSettings(sameSite, secure, env.flag("CSRF_PROTECTION", true));
    }

    /** A cookie no script can read, sent only under {@code path}, kept until the browser closes. */
    public String issue(String name, String value, String path) {
        return name + "=" + value + attributes(path);
    }

    /** The same cookie, expired: the browser deletes it. */
    public String clear(String name, String path) {
        return name + "=; Max-Age=0" + attributes(path);
    }

    private String attributes(String path) {
        return "; Path=" + path + "; HttpOnly; SameSite=" + sameSite + (secure ? "; Secure" : "");
    }
}
