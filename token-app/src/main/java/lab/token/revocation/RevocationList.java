package lab.token.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The state a "stateless" token needs after all, to end before it expires: revoked token ids and
 * revoked login families, in Redis, each kept only as long as what it revokes could still be used.
 */
public final class RevocationList {
    /** {@code revoked:fam:<family>} → the family's end, epoch seconds. */
    public static final String FAMILY_PREFIX = "revoked:fam:";
    private static final String TOKEN_PREFIX = "revoked:jti:";

    private final UnifiedJedis redis;
    private final Duration lastTokenLife;
    private final Clock clock;
    private final Optional<RevocationFeed> nearCache;

    /**
     * @param lastTokenLife how long an access token minted at the family's last moment still works
     *                      (ACCESS_TOKEN_TTL plus CLOCK_SKEW)
     * @param nearCache     this instance's memory of revocations, told at once (it would also hear
     *                      its own message, but a few milliseconds later)
     */
    public RevocationList(UnifiedJedis redis, Duration lastTokenLife, Clock clock, Optional<RevocationFeed> nearCache) {
        this.redis = redis;
        this.lastTokenLife = lastTokenLife;
        this.clock = clock;
        this.nearCache = nearCache;
    }

    /**
     * Logout: this token, and the login it came from (its refresh token and every sibling access
     * token). Every instance hears of it on {@link RevocationFeed#CHANNEL}, in the same transaction
     * (whatever its own REDIS_NEAR_CACHE: another instance's may be on).
     */
    public void revoke(String tokenId, Duration tokenLife, String family, Instant familyEnds) {
        Instant tokenEnds = clock.instant().plus(tokenLife);
        try (var tx = redis.multi()) {
            tx.setex(TOKEN_PREFIX + tokenId, tokenLife.toSeconds(), "1");
            tx.setex(FAMILY_PREFIX + family, familyTtl(familyEnds), Long.toString(familyEnds.getEpochSecond()));
            tx.publish(RevocationFeed.CHANNEL, "jti " + tokenId + " " + tokenEnds.getEpochSecond());
            tx.publish(RevocationFeed.CHANNEL, "fam " + family + " " + familyDeniedUntil(familyEnds).getEpochSecond());
            tx.exec();
        }
        nearCache.ifPresent(feed -> {
            feed.deny("jti", tokenId, tokenEnds);
            feed.deny("fam", family, familyDeniedUntil(familyEnds));
        });
    }

    /**
     * The whole login, until its own end: the time it was issued with, not this instance's
     * REFRESH_TOKEN_TTL (which may differ, or have changed since).
     */
    public void revokeFamily(String family, Instant familyEnds) {
        try (var tx = redis.multi()) {
            tx.setex(FAMILY_PREFIX + family, familyTtl(familyEnds), Long.toString(familyEnds.getEpochSecond()));
            tx.publish(RevocationFeed.CHANNEL, "fam " + family + " " + familyDeniedUntil(familyEnds).getEpochSecond());
            tx.exec();
        }
        nearCache.ifPresent(feed -> feed.deny("fam", family, familyDeniedUntil(familyEnds)));
    }

    /** One round trip per request: is this token, or its whole login, revoked? */
    public boolean isRevoked(String tokenId, String family) {
        return redis.exists(TOKEN_PREFIX + tokenId, FAMILY_PREFIX + family) > 0;
    }

    /** Until the last access token the family could have minted has expired. */
    private long familyTtl(Instant familyEnds) {
        return Math.max(1, Duration.between(clock.instant(), familyDeniedUntil(familyEnds)).toSeconds());
    }

    private Instant familyDeniedUntil(Instant familyEnds) {
        return familyEnds.plus(lastTokenLife);
    }
}
