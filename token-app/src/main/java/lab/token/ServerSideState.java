package lab.token;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import lab.token.refresh.RefreshTokens;
import lab.token.revocation.RevocationFeed;
import lab.token.revocation.RevocationList;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * What a token design still keeps on the server once it offers refresh and logout: the refresh tokens
 * and the revocation list. Both live in Redis, so they exist together or not at all (no REDIS_URL);
 * with REDIS_NEAR_CACHE=on, the revocation list also has a copy in this instance's memory.
 */
record ServerSideState(RefreshTokens refreshTokens, RevocationList revocations, Optional<RevocationFeed> nearCache) {
    /** {@code subscriber}: a connection of its own for the near cache's feed, when it is on. */
    static ServerSideState in(UnifiedJedis redis, Supplier<Jedis> subscriber, TokenConfig config, Clock clock) {
        Optional<RevocationFeed> near = config.nearCache() && config.checkRevocation()
                ? Optional.of(new RevocationFeed(subscriber, clock).start())
                : Optional.empty();
        return new ServerSideState(new RefreshTokens(redis, clock),
                new RevocationList(redis, config.maxTokenLife(), clock, near), near);
    }
}
