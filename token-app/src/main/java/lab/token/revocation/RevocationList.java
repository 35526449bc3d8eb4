package lab.token.revocation;

import java.time.Duration;
import redis.clients.jedis.RedisClient;

/**
 * The state a "stateless" token needs after all, to end before it expires: revoked token ids and
 * revoked login families, in Redis, each kept only as long as what it revokes could still be used.
 */
public final class RevocationList {
    private final RedisClient redis;
    private final Duration familyLife;

    /** @param familyLife how long a family can still produce working tokens (see TokenSettings.familyLife) */
    public RevocationList(RedisClient redis, Duration familyLife) {
        this.redis = redis;
        this.familyLife = familyLife;
    }

    /** Logout: this token, and the login it came from (its refresh token and every sibling access token). */
    public void revoke(String tokenId, Duration tokenLife, String family) {
        try (var tx = redis.multi()) {
            tx.setex(tokenKey(tokenId), tokenLife.toSeconds(), "1");
            tx.setex(familyKey(family), familyLife.toSeconds(), "1");
            tx.exec();
        }
    }

    /** Refresh-token reuse: the whole login is presumed stolen. */
    public void revokeFamily(String family) {
        redis.setex(familyKey(family), familyLife.toSeconds(), "1");
    }

    /** One round trip per request: is this token, or its whole login, revoked? */
    public boolean isRevoked(String tokenId, String family) {
        return redis.exists(tokenKey(tokenId), familyKey(family)) > 0;
    }

    public boolean isFamilyRevoked(String family) {
        return redis.exists(familyKey(family));
    }

    private static String tokenKey(String tokenId) {
        return "revoked:jti:" + tokenId;
    }

    private static String familyKey(String family) {
        return "revoked:fam:" + family;
    }
}
