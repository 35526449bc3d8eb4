package lab.token.refresh;

import java.time.Instant;

/**
 * What a refresh token stands for: a login (its family) of one user, which ends at a fixed time
 * however often it is refreshed.
 *
 * @param csrfToken    the login's CSRF token when its tokens travel in cookies ({@code TOKEN_TRANSPORT=cookie}),
 *                     else empty: a refresh must present it, as every access token of the login carries it
 * @param keyThumbprint the thumbprint of the key the login is bound to ({@code DPOP=on}), else empty:
 *                     a refresh must come with a DPoP proof signed by that key
 */
public record RefreshGrant(String family, String username, Instant familyExpiresAt, String csrfToken, String keyThumbprint) {
    private static final String NONE = "-";

    /** Stored as {@code family username epochSeconds csrfToken keyThumbprint}, "-" for empty: none contains a space. */
    String encode() {
        return String.join(" ", family, username, Long.toString(familyExpiresAt.getEpochSecond()),
                orNone(csrfToken), orNone(keyThumbprint));
    }

    static RefreshGrant decode(String value) {
        String[] parts = value.split(" ");
        if (parts.length < 3 || parts.length > 5) {
            throw new IllegalStateException("unreadable refresh grant in Redis");
        }
        return new RefreshGrant(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])),
                parts.length > 3 ? fromNone(parts[3]) : "", parts.length > 4 ? fromNone(parts[4]) : "");
    }

    private static String orNone(String value) {
        return value.isEmpty() ? NONE : value;
    }

    private static String fromNone(String value) {
        return value.equals(NONE) ? "" : value;
    }
}
