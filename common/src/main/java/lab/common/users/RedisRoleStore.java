package lab.common.users;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lab.common.metrics.CacheGets;
import lab.common.redis.NearCache;
import lab.common.redis.RedisFailures;
import redis.clients.jedis.UnifiedJedis;

/**
 * Role changes in Redis, one string per changed user ({@code directory:roles:<username>}, the roles
 * comma-separated), so that every instance of every stack sees the same directory. With a near cache
 * (session-app reads the roles at every request) a read costs no round trip while Redis reports no
 * change to the key; the report reaches every instance within the near cache's bound.
 */
public final class RedisRoleStore implements RoleStore {
    /** Every key starts with it: the near cache asks Redis to report changes under it. */
    public static final String KEY_PREFIX = "directory:roles:";
    /** How long a cached answer may live even without a report: a second line of defence, not the first. */
    private static final Duration CACHED_AT_MOST = Duration.ofMinutes(10);

    private final UnifiedJedis redis;
    private final Optional<NearCache<Optional<List<String>>>> nearCache;
    private final Clock clock;

    public RedisRoleStore(UnifiedJedis redis, Optional<NearCache<Optional<List<String>>>> nearCache, Clock clock) {
        this.redis = redis;
        this.nearCache = nearCache;
        this.clock = clock;
    }

    @Override
    public Optional<List<String>> get(String username) {
        String key = key(username);
        // A user without a change is an answer too (empty: the directory's defaults), so it is cached as well.
        return nearCache.flatMap(near -> near.getOrRead(key,
                        () -> Optional.of(new NearCache.Entry<>(read(key), clock.instant().plus(CACHED_AT_MOST)))))
                .orElseGet(() -> read(key));
    }

    @Override
    public void set(String username, List<String> roles) {
        String key = key(username);
        redis.set(key, String.join(",", roles));
        nearCache.ifPresent(near -> near.forget(key)); // this instance at once, the others on Redis's report
    }

    @Override
    public void close() {
        nearCache.ifPresent(NearCache::close);
    }

    @Override
    public List<CacheGets> caches() {
        return nearCache.map(near -> List.of(near.gets())).orElse(List.of());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        nearCache.ifPresent(near -> near.bindTo(registry));
    }

    private Optional<List<String>> read(String key) {
        return Optional.ofNullable(RedisFailures.retriedIfClosedByRedis(() -> redis.get(key))).map(RedisRoleStore::parse);
    }

    private static List<String> parse(String stored) {
        return stored.isEmpty() ? List.of() : Arrays.asList(stored.split(","));
    }

    private static String key(String username) {
        return KEY_PREFIX + username;
    }
}
