package lab.token.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;

/**
 * The state a "stateless" token needs after all, to end before it expires: revoked token ids and
 * revoked login families, in Redis, each kept only as long as what it revokes could still be used.
 *
 * <p>Every key of a login carries its family as a Redis Cluster hash tag ({@code {<family>}}): the
 * family's revocation, its tokens' revocations and its refresh tokens all hash to one slot, so the
 * check (one EXISTS of two keys), a logout (one script) and a refresh (one script) each stay one
 * atomic step on a cluster as on one Redis.
 */
public final class RevocationList {
    /**
     * Writes the revocations in KEYS and tells every instance, as one step. ARGV: the channel, then a
     * value and a TTL (seconds) per key, then the messages to publish.
     */
    private static final String REVOKE = """
            for i = 1, #KEYS do
              redis.call('setex', KEYS[i], ARGV[i * 2 + 1], ARGV[i * 2])
            end
            for i = #KEYS * 2 + 2, #ARGV do
              redis.call('publish', ARGV[1], ARGV[i])
            end
            return 1
            """;

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
     * token). Every instance hears of it on {@link RevocationFeed#CHANNEL}, in the same script
     * (whatever its own REDIS_NEAR_CACHE: another instance's may be on).
     */
    public void revoke(String tokenId, Duration tokenLife, String family, Instant familyEnds) {
        Instant tokenEnds = clock.instant().plus(tokenLife);
        redis.eval(REVOKE, List.of(tokenKey(tokenId, family), familyKey(family)), List.of(RevocationFeed.CHANNEL,
                "1", Long.toString(tokenLife.toSeconds()),
                Long.toString(familyEnds.getEpochSecond()), Long.toString(familyTtl(familyEnds)),
                "jti " + tokenId + " " + tokenEnds.getEpochSecond(),
                "fam " + family + " " + familyDeniedUntil(familyEnds).getEpochSecond()));
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
        redis.eval(REVOKE, List.of(familyKey(family)), List.of(RevocationFeed.CHANNEL,
                Long.toString(familyEnds.getEpochSecond()), Long.toString(familyTtl(familyEnds)),
                "fam " + family + " " + familyDeniedUntil(familyEnds).getEpochSecond()));
        nearCache.ifPresent(feed -> feed.deny("fam", family, familyDeniedUntil(familyEnds)));
    }

    /** One round trip per request: is this token, or its whole login, revoked? */
    public boolean isRevoked(String tokenId, String family) {
        return redis.exists(tokenKey(tokenId, family), familyKey(family)) > 0;
    }

    /** {@code revoked:fam:{<family>}} → the family's end, epoch seconds. */
    public static String familyKey(String family) {
        return "revoked:fam:{" + family + "}";
    }

    /** {@code revoked:jti:{<family>}:<token id>}: in its family's slot. */
    public static String tokenKey(String tokenId, String family) {
        return "revoked:jti:{" + family + "}:" + tokenId;
    }

    /** Until the last access token the family could have minted has expired. */
    private long familyTtl(Instant familyEnds) {
        return Math.max(1, Duration.between(clock.instant(), familyDeniedUntil(familyEnds)).toSeconds());
    }

    private Instant familyDeniedUntil(Instant familyEnds) {
        return familyEnds.plus(lastTokenLife);
    }
}
