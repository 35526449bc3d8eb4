package lab.token.refresh;

import java.time.Instant;

/**
 * What a refresh token stands for: a login (its family) of one user, which ends at a fixed time
 * however often it is refreshed.
 *
 * @param csrfToken the login's CSRF token when its tokens travel in cookies ({@code TOKEN_TRANSPORT=cookie}),
 *                  else empty: a refresh must present it, as every access token of the login carries it
 */
public record RefreshGrant(String family, String username, Instant familyExpiresAt, String csrfToken) {

    /** Stored as {@code family username epochSeconds [csrfToken]}: none of them can contain a space. */
    String encode() {
        return family + " " + username + " " + familyExpiresAt.getEpochSecond() + (csrfToken.isEmpty() ? "" : " " + csrfToken);
    }

    static RefreshGrant decode(String value) {
        String[] parts = value.split(" ");
        if (parts.length != 3 && parts.length != 4) {
            throw new IllegalStateException("unreadable refresh grant in Redis");
        }
        return new RefreshGrant(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])),
                parts.length == 4 ? parts[3] : "");
    }
}
