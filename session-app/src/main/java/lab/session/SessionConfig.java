package lab.session;

import lab.common.config.ConfigException;
import lab.common.config.Env;
import lab.common.config.RedisCluster;
import lab.common.http.CookieSettings;

/**
 * session-app's own settings, all from the environment.
 *
 * @param store             {@code SESSION_STORE}: {@code redis} (default, shared) or {@code memory} (per instance)
 * @param idleSeconds       {@code SESSION_IDLE_TIMEOUT}, sliding, default 1800
 * @param absoluteSeconds   {@code SESSION_ABSOLUTE_TIMEOUT}, from login, default 28800
 * @param cookies           {@code COOKIE_SAMESITE}, {@code COOKIE_SECURE} and {@code CSRF_PROTECTION}
 *                          ({@link CookieSettings}, shared with token-app's cookie transport)
 * @param cookieName        {@code SESSION_COOKIE_NAME}, default {@code SID}: a generic name that says nothing
 *                          about the server. Browsers scope cookies by host, not by port, so two stacks
 *                          on one host need two names or they overwrite each other's cookie. With
 *                          {@code COOKIE_SECURE=true}, {@code __Host-SID} is the strongest choice: the
 *                          browser then refuses the cookie from a sibling subdomain or over plain http.
 * @param nearCache         {@code REDIS_NEAR_CACHE=on} (default; off with a Redis Cluster): answer Redis sessions from memory while
 *                          Redis reports no change to them (see NearCache)
 */
public record SessionConfig(String store, int idleSeconds, int absoluteSeconds, CookieSettings cookies,
                            String cookieName, boolean nearCache) {

    public static SessionConfig from(Env env) {
        String store = env.choice("SESSION_STORE", "redis", "redis", "memory");
        int idle = env.integer("SESSION_IDLE_TIMEOUT", 1800, 1, 86_400);
        int absolute = env.integer("SESSION_ABSOLUTE_TIMEOUT", 28_800, 1, 30 * 86_400);
        CookieSettings cookies = CookieSettings.from(env);
        String cookieName = cookieName(env.string("SESSION_COOKIE_NAME", "SID"), cookies.secure());
        return new SessionConfig(store, idle, absolute, cookies, cookieName, RedisCluster.nearCache(env));
    }

    /**
     * An RFC 6265 token (no separators, spaces or controls). The prefixes are promises a browser
     * enforces: it only accepts a {@code __Secure-} cookie with {@code Secure}, and a {@code __Host-}
     * cookie with {@code Secure}, {@code Path=/} and no {@code Domain} (which {@link SessionCookie}
     * always sends). Browsers match the prefixes case-insensitively, so do we.
     */
    private static String cookieName(String name, boolean secure) {
        if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}")) {
            throw new ConfigException("SESSION_COOKIE_NAME",
                    "use 1 to 64 letters, digits or !#$%&'*+-.^_`|~ (an RFC 6265 token)");
        }
        for (String prefix : new String[] {"__Host-", "__Secure-"}) {
            if (name.regionMatches(true, 0, prefix, 0, prefix.length()) && !secure) {
                throw new ConfigException("SESSION_COOKIE_NAME",
                        "the " + prefix + " prefix needs COOKIE_SECURE=true (browsers drop such a cookie without Secure)");
            }
        }
        return name;
    }
}
