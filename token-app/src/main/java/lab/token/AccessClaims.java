package lab.token;

import java.time.Instant;
import java.util.List;
import lab.common.users.User;

/**
 * What a verified access token says.
 *
 * @param id          {@code jti}: names this token in the revocation list
 * @param family      {@code fam}: the refresh-token family (one login) that the token belongs to
 * @param familyEnds  {@code fam_exp}: when that login ends, so that revoking it lasts exactly long enough
 * @param expiresAt   {@code exp}: until when the token works if nobody revokes it
 * @param csrfToken   {@code csrf}: the login's CSRF token when the token travels in a cookie, else empty
 * @param keyThumbprint {@code cnf.jkt}: the key the token is bound to (DPoP), else empty
 */
public record AccessClaims(String username, List<String> roles, String id, String family, Instant familyEnds,
                           Instant expiresAt, String csrfToken, String keyThumbprint) {
    public AccessClaims {
        roles = List.copyOf(roles);
    }

    public User user() {
        return new User(username, roles);
    }
}
