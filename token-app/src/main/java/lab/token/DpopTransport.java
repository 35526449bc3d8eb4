package lab.token;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import lab.common.http.JsonBody;
import lab.token.dpop.DpopProofs;
import lab.token.refresh.RefreshTokens;

/**
 * {@code DPOP=on}: header tokens, bound to the client's key (RFC 9449). Login and refresh need a
 * DPoP proof, and the tokens they answer carry the proof key's thumbprint ({@code cnf.jkt}); every
 * request then sends {@code Authorization: DPoP <token>} with a fresh proof by that key for that
 * request. A copy of the token is useless without the key, and the dashboard's key cannot be
 * exported. Script in the page can still use it, by letting the page sign.
 */
final class DpopTransport implements TokenTransport {
    private static final String SCHEME = "DPoP ";
    private final DpopProofs proofs;

    DpopTransport(DpopProofs proofs) {
        this.proofs = proofs;
    }

    @Override
    public String newCsrfToken() {
        return "";
    }

    @Override
    public String bindingKey(Context ctx) {
        return proofs.verify(ctx.header(DpopProofs.HEADER), ctx.method().name(), requestUrl(ctx), Optional.empty());
    }

    @Override
    public Map<String, Object> hand(Context ctx, Pair pair) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("access_token", pair.accessToken());
        fields.put("token_type", "DPoP");
        fields.put("expires_in", pair.expiresInSeconds());
        pair.refreshToken().ifPresent(token -> fields.put("refresh_token", token));
        return fields;
    }

    @Override
    public String accessToken(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw DpopProofs.invalid("send the access token as 'Authorization: DPoP <token>', with a DPoP proof");
        }
        String token = authorization.substring(SCHEME.length()).strip();
        if (token.isEmpty() || token.length() > Bearer.MAX_TOKEN_CHARS) {
            throw DpopProofs.invalid("the token is empty or larger than " + Bearer.MAX_TOKEN_CHARS + " characters");
        }
        return token;
    }

    @Override
    public void checkSender(Context ctx, String accessToken, AccessClaims claims) {
        String jkt = proofs.verify(ctx.header(DpopProofs.HEADER), ctx.method().name(), requestUrl(ctx), Optional.of(accessToken));
        if (claims.keyThumbprint().isEmpty() || !claims.keyThumbprint().equals(jkt)) {
            throw DpopProofs.invalid("the DPoP proof is not signed by the key this token is bound to");
        }
    }

    @Override
    public String refreshToken(Context ctx) {
        return JsonBody.of(ctx).text("refresh_token", RefreshTokens.FORMAT);
    }

    @Override
    public void checkCsrf(Context ctx, Supplier<String> expected) {
        // Not a cookie: nothing a forged request could carry.
    }

    @Override
    public void forget(Context ctx) {
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of(DpopProofs.CHALLENGE);
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
    }

    /**
     * {@code htu}: the URL the client called, without query. nginx passes the client's Host on
     * (proxy_set_header Host $http_host), and the lab runs on plain http end to end; behind a TLS
     * terminator the scheme would have to come from X-Forwarded-Proto of a trusted proxy.
     */
    static String requestUrl(Context ctx) {
        return ctx.scheme() + "://" + ctx.host() + ctx.path();
    }

}
