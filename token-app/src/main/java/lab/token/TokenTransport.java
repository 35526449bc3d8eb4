package lab.token;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the tokens travel between client and token-app ({@code TOKEN_TRANSPORT}): in the
 * {@code Authorization} header and JSON bodies, which page script handles ({@link HeaderTransport}),
 * or in {@code HttpOnly} cookies that the browser handles and script cannot read
 * ({@link CookieTransport}). The tokens are the same either way; what changes is who can read them
 * (XSS) and who attaches them (CSRF).
 */
interface TokenTransport {

    /** A new pair for the client: its fields in the response body, the rest where the transport puts it. */
    record Pair(String accessToken, long expiresInSeconds, Optional<String> refreshToken, String csrfToken) {
    }

    /** The login's CSRF token, kept with its refresh grant and in its access tokens; empty where none is needed. */
    String newCsrfToken();

    /** Hands a new pair over and returns the response's own fields. */
    Map<String, Object> hand(Context ctx, Pair pair);

    /** The access token this request carries, or a 401 problem. */
    String accessToken(Context ctx);

    /** The refresh token this request presents, or a 400 or 401 problem. */
    String refreshToken(Context ctx);

    /** For a state change: the login's CSRF token must come back, or a 403 (not needed for a header token). */
    void checkCsrf(Context ctx, Supplier<String> expected);

    /** The thumbprint of the key a new login or refresh is bound to (DPoP), or empty where tokens are not bound. */
    default String bindingKey(Context ctx) {
        return "";
    }

    /** That the request comes from the token's holder: a bound token only with a proof by its key. */
    default void checkSender(Context ctx, String accessToken, AccessClaims claims) {
        if (!claims.keyThumbprint().isEmpty()) {
            throw Bearer.invalidToken("the token is bound to a key (DPoP): send it as 'Authorization: DPoP' with a proof");
        }
    }

    /** Logout: the client should forget the tokens too. */
    void forget(Context ctx);

    /** The {@code WWW-Authenticate} challenge of a 401, if the transport has a scheme. */
    Optional<String> challenge();

    /** Request filters the transport needs (the Origin check of cookies). */
    void addRoutes(RoutesConfig routes);
}
