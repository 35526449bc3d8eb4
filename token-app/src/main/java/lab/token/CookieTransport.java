package lab.token;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import lab.common.auth.OpaqueTokens;
import lab.common.http.CookieSettings;
import lab.common.http.CorsPolicy;
import lab.common.http.Csrf;
import lab.common.http.Problem;
import lab.token.refresh.RefreshTokens;

/**
 * {@code TOKEN_TRANSPORT=cookie}: the backend-for-frontend shape. The access token rides in an
 * {@code HttpOnly} cookie, the refresh token in another one sent only to {@code /auth/refresh}, and
 * the page sees neither: script injected into it cannot take them. But the browser now attaches them
 * by itself, to forged cross-site requests too, so they get session-app's CSRF defences
 * ({@link CookieSettings}, {@link Csrf}): {@code SameSite}, an Origin check, and a CSRF token, here
 * bound to the login (kept with its refresh grant, signed into each of its access tokens).
 */
final class CookieTransport implements TokenTransport {
    static final String ACCESS_COOKIE = "ACCESS_TOKEN";
    static final String REFRESH_COOKIE = "REFRESH_TOKEN";
    static final String REFRESH_PATH = "/auth/refresh";

    private final CookieSettings cookies;
    private final CorsPolicy cors;

    CookieTransport(CookieSettings cookies, CorsPolicy cors) {
        this.cookies = cookies;
        this.cors = cors;
    }

    @Override
    public String newCsrfToken() {
        return OpaqueTokens.random();
    }

    @Override
    public Map<String, Object> hand(Context ctx, Pair pair) {
        ctx.res().addHeader("Set-Cookie", cookies.issue(ACCESS_COOKIE, pair.accessToken(), "/"));
        pair.refreshToken().ifPresent(token -> ctx.res().addHeader("Set-Cookie", cookies.issue(REFRESH_COOKIE, token, REFRESH_PATH)));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("token_transport", "cookie");
        fields.put("expires_in", pair.expiresInSeconds());
        fields.put("csrfToken", pair.csrfToken());
        return fields;
    }

    @Override
    public String accessToken(Context ctx) {
        String token = ctx.cookie(ACCESS_COOKIE);
        if (token == null || token.isEmpty()) {
            throw Problem.unauthorized("no access-token cookie: log in (TOKEN_TRANSPORT=cookie)");
        }
        if (token.length() > Bearer.MAX_TOKEN_CHARS) {
            throw Problem.unauthorized("the access-token cookie is larger than " + Bearer.MAX_TOKEN_CHARS + " characters");
        }
        return token;
    }

    @Override
    public String refreshToken(Context ctx) {
        String token = ctx.cookie(REFRESH_COOKIE);
        if (token == null || !RefreshTokens.FORMAT.matcher(token).matches()) {
            throw new Problem(401, "invalid-refresh-token", "Invalid refresh token",
                    "no refresh-token cookie of ours (it is sent to " + REFRESH_PATH + " only)");
        }
        return token;
    }

    @Override
    public void checkCsrf(Context ctx, Supplier<String> expected) {
        if (cookies.csrfProtection() && !Csrf.isSafe(ctx)) {
            Csrf.checkToken(ctx, expected.get());
        }
    }

    @Override
    public void forget(Context ctx) {
        ctx.res().addHeader("Set-Cookie", cookies.clear(ACCESS_COOKIE, "/"));
        ctx.res().addHeader("Set-Cookie", cookies.clear(REFRESH_COOKIE, REFRESH_PATH));
    }

    @Override
    public Optional<String> challenge() {
        return Optional.empty(); // like session cookies: no registered scheme
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        if (cookies.csrfProtection()) {
            routes.before(ctx -> Csrf.checkOrigin(ctx, cors));
        }
    }
}
