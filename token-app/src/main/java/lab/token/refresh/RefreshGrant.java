package lab.token.refresh;

import java.time.Instant;

/**
 * What a refresh token stands for: a login (its family) of one user, which ends at a fixed time
 * however often it is refreshed.
 */
public record RefreshGrant(String family, String username, Instant familyExpiresAt) {

    /** Stored as {@code family username epochSeconds}: none of the three can contain a space. */
    String encode() {
        return family + " " + username + " " + familyExpiresAt.getEpochSecond();
    }

    static RefreshGrant decode(String value) {
        String[] parts = value.split(" ");
        if (parts.length != 3) {
            throw new IllegalStateException("unreadable refresh grant in Redis");
        }
        return new RefreshGrant(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])));
    }
}
