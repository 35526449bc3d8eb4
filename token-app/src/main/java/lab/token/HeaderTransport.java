package lab.token;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import lab.common.http.JsonBody;
import lab.token.refresh.RefreshTokens;

/**
 * {@code TOKEN_TRANSPORT=header} (the default): tokens in JSON bodies and the {@code Authorization}
 * header (RFC 6750). The browser never attaches them by itself, so no CSRF defence is needed; page
 * script holds them, so script injected into the page can take them.
 */
final class HeaderTransport implements TokenTransport {

    @Override
    public String newCsrfToken() {
        return "";
    }

    @Override
    public Map<String, Object> hand(Context ctx, Pair pair) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("access_token", pair.accessToken());
        fields.put("token_type", "Bearer");
        fields.put("expires_in", pair.expiresInSeconds());
        pair.refreshToken().ifPresent(token -> fields.put("refresh_token", token));
        return fields;
    }

    @Override
    public String accessToken(Context ctx) {
        return Bearer.tokenFrom(ctx.header("Authorization"));
    }

    @Override
    public String refreshToken(Context ctx) {
        return JsonBody.of(ctx).text("refresh_token", RefreshTokens.FORMAT);
    }

    @Override
    public void checkCsrf(Context ctx, Supplier<String> expected) {
        // Nothing to check: a forged cross-site request cannot carry the header.
    }

    @Override
    public void forget(Context ctx) {
        // The client drops its copy; the server's part is revocation (TokenMechanism.logout).
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of(Bearer.CHALLENGE);
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
    }
}
