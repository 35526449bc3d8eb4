package lab.token;

import java.time.Duration;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import lab.common.config.RedisCluster;
import lab.common.http.CookieSettings;

/**
 * How access and refresh tokens are issued and checked, read from the environment.
 *
 * @param issuer          {@code JWT_ISSUER}: written to {@code iss} and required back
 * @param audience        {@code JWT_AUDIENCE}: written to {@code aud} and required back
 * @param accessTtl       {@code ACCESS_TOKEN_TTL}: how long a stolen access token stays useful without revocation
 * @param refreshTtl      {@code REFRESH_TOKEN_TTL}: the life of a login (a refresh-token family), not renewed by refreshing
 * @param clockSkew       {@code CLOCK_SKEW}: tolerance for clocks that disagree between instances
 * @param checkRevocation {@code REVOCATION=redis}: logout and reuse detection reach access tokens
 * @param failOpen        {@code REVOCATION_FAILURE=open}: when Redis is down, trust the signature alone
 * @param cacheVerified   {@code VERIFIED_TOKEN_CACHE=on}: remember verified tokens until they expire
 * @param nearCache       {@code REDIS_NEAR_CACHE=on}: answer the revocation check from memory, kept
 *                        exact by every revocation pushed over Redis pub/sub (see RevocationFeed)
 * @param cookieTransport {@code TOKEN_TRANSPORT=cookie}: tokens in HttpOnly cookies, not in the
 *                        Authorization header and JSON bodies ({@code header}, the default); see CookieTransport
 * @param cookies         {@code COOKIE_SAMESITE}, {@code COOKIE_SECURE}, {@code CSRF_PROTECTION}: used by the cookie transport
 * @param dpop            {@code DPOP=on}: tokens bound to the client's key, every request with a DPoP proof (see DpopTransport)
 */
public record TokenConfig(String issuer, String audience, Duration accessTtl, Duration refreshTtl,
                            Duration clockSkew, boolean checkRevocation, boolean failOpen, boolean cacheVerified,
                            boolean nearCache, boolean cookieTransport, CookieSettings cookies, boolean dpop) {

    public static TokenConfig from(Env env, boolean redisConfigured) {
        String issuer = env.string("JWT_ISSUER", "session-vs-token-lab");
        String audience = env.string("JWT_AUDIENCE", "lab-api");
        Duration access = Duration.ofSeconds(env.integer("ACCESS_TOKEN_TTL", 900, 10, 86_400));
        Duration refresh = Duration.ofSeconds(env.integer("REFRESH_TOKEN_TTL", 28_800, 60, 30 * 86_400));
        Duration skew = Duration.ofSeconds(env.integer("CLOCK_SKEW", 30, 0, 300));
        boolean checkRevocation = env.choice("REVOCATION", "redis", "redis", "off").equals("redis");
        if (checkRevocation && !redisConfigured) {
            throw new ConfigException("REVOCATION", "'redis' needs REDIS_URL; set REDIS_URL, or REVOCATION=off "
                    + "to run without revocation (logged-out tokens then work until they expire)");
        }
        boolean failOpen = env.choice("REVOCATION_FAILURE", "open", "open", "closed").equals("open");
        boolean cacheVerified = env.flag("VERIFIED_TOKEN_CACHE", true);
        boolean nearCache = RedisCluster.nearCache(env);
        boolean cookieTransport = env.choice("TOKEN_TRANSPORT", "header", "header", "cookie").equals("cookie");
        boolean dpop = env.flag("DPOP", false);
        if (dpop && cookieTransport) {
            throw new ConfigException("DPOP", "'on' binds header tokens to a key; it does not go with TOKEN_TRANSPORT=cookie");
        }
        return new TokenConfig(issuer, audience, access, refresh, skew, checkRevocation, failOpen, cacheVerified, nearCache,
                cookieTransport, CookieSettings.from(env), dpop);
    }

    /**
     * The longest an access token is accepted from its {@code iat}: its life plus skew. A revoked family
     * is remembered this long after its end, the life of a token minted at its last moment.
     */
    public Duration maxTokenLife() {
        return accessTtl.plus(clockSkew);
    }
}
