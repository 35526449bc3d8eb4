package lab.token;

import java.util.Optional;
import lab.common.http.Problem;

/**
 * The {@code Authorization: Bearer} scheme of RFC 6750: where the token travels (only there, never in
 * a cookie or the URL) and the {@code WWW-Authenticate} challenge that every 401 carries.
 */
public final class Bearer {
    public static final String CHALLENGE = "Bearer realm=\"lab\"";
    /** Far above a real token (about 370 bytes), far below Jetty's 8 KB header limit: refuse before parsing. */
    public static final int MAX_TOKEN_CHARS = 4096;

    private Bearer() {
    }

    /** The token in an {@code Authorization} header value (not yet checked in any way but its size), or a 401 problem. */
    public static String tokenFrom(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw missing("send the access token as 'Authorization: Bearer <token>'");
        }
        int space = authorization.indexOf(' ');
        // RFC 9110: the scheme name is case-insensitive, so 'bearer' is as good as 'Bearer'.
        if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw missing("only the Bearer scheme is accepted");
        }
        String token = authorization.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw invalidToken("the token is empty");
        }
        if (token.length() > MAX_TOKEN_CHARS) {
            throw invalidToken("the token is larger than " + MAX_TOKEN_CHARS + " characters");
        }
        // Its shape is checked where it is verified (AccessTokens): a token verified before needs no check.
        return token;
    }

    /** No usable credential at all: RFC 6750 says the challenge then carries no error code. */
    public static Problem missing(String detail) {
        return Problem.unauthorized(detail).withHeader("WWW-Authenticate", CHALLENGE);
    }

    /** A token was sent and refused. {@code description} is a fixed text, never anything from the token. */
    public static Problem invalidToken(String description) {
        return invalidToken(Optional.of(CHALLENGE), description);
    }

    /**
     * The same refusal in another transport's scheme: RFC 6750's error attributes on its challenge
     * (RFC 9449 uses them for DPoP), or no challenge at all where the transport has no scheme (cookies).
     */
    public static Problem invalidToken(Optional<String> challenge, String description) {
        Problem refused = Problem.unauthorized(description);
        return challenge.map(scheme -> refused.withHeader("WWW-Authenticate",
                scheme + ", error=\"invalid_token\", error_description=\"" + description + "\"")).orElse(refused);
    }
}
