package lab.token.dpop;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import lab.common.redis.ExpiringCache;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.SetParams;

/**
 * The DPoP proofs already seen, for as long as they could be accepted: in Redis, so that a proof
 * used on one instance is refused on the other; in the instance's memory without Redis.
 */
public final class ReplayCache {
    private final Optional<UnifiedJedis> redis;
    private final Cache<String, Instant> memory;
    private final Clock clock;

    public ReplayCache(Optional<UnifiedJedis> redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.memory = ExpiringCache.build(clock, 100_000, until -> until);
    }

    /** True the first time {@code id} is seen within {@code remember}; false for a replay. */
    public boolean firstUse(String id, Duration remember) {
        if (redis.isPresent()) {
            return "OK".equals(redis.get().set("dpop:jti:" + id, "1", SetParams.setParams().nx().ex(remember.toSeconds())));
        }
        return memory.asMap().putIfAbsent(id, clock.instant().plus(remember)) == null;
    }
}
