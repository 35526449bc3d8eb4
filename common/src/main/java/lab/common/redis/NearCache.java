package lab.common.redis;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import lab.common.metrics.CacheGets;
import redis.clients.jedis.Jedis;

/**
 * Values this instance has read from Redis, answered from memory while Redis confirms nothing
 * changed (REDIS_NEAR_CACHE=on). Redis itself reports every change to a key under the cache's
 * prefix on this instance's own connection (key tracking, broadcast mode): a write on any instance,
 * an operator's {@code DEL}, an expiry, a flush. The report removes the entry. Used for sessions
 * ({@code session:}) and for the roles in the user directory ({@code directory:roles:}).
 *
 * <p>Three rules keep it exact:
 * <ul>
 *   <li>Entries are used only while the channel is trusted ({@link InvalidationChannel}); a break
 *       drops them all before the next request is served.</li>
 *   <li>A value read from Redis while any report arrived is not kept: the report may be about
 *       this very key, and may have overtaken the reply ({@link #getOrRead}).</li>
 *   <li>An entry lives only until the instant its reader gives it (a session: until Redis would
 *       want its idle timer restarted), so what Redis does on a read still happens.</li>
 * </ul>
 */
public final class NearCache<V> implements AutoCloseable {
    private static final int CAPACITY = 100_000;
    private static final long NOT_TRUSTED = -1;

    /** A value as read from Redis, and the instant until which it may be answered from memory. */
    public record Entry<V>(V value, Instant until) {
    }

    private final String name;
    private final Cache<String, Entry<V>> entries;
    private final CacheGets gets;
    /** Counts every report, break and flush: a read that saw it move may be stale. */
    private final AtomicLong changes = new AtomicLong();
    private final InvalidationChannel channel;

    /** {@code connect}: a new connection of its own (not from the pool: it is held for as long as it lives). */
    public NearCache(String name, String prefix, Supplier<Jedis> connect, Clock clock) {
        this.name = name;
        this.gets = new CacheGets(name);
        this.entries = ExpiringCache.build(clock, CAPACITY, Entry::until);
        this.channel = InvalidationChannel.keyTracking(name + " near cache", connect, prefix, this::changed, this::forgetAll);
    }

    public NearCache<V> start() {
        channel.start();
        return this;
    }

    /**
     * The value stored under this Redis key: from memory if it is cached and the channel is trusted,
     * else what {@code read} gets from Redis (empty: nothing to answer, nothing kept), kept until the
     * entry's instant unless a report, a break or a flush came in while it was read.
     */
    public Optional<V> getOrRead(String key, Supplier<Optional<Entry<V>>> read) {
        Optional<V> cached = get(key);
        if (cached.isPresent()) {
            return cached;
        }
        long stamp = stamp(); // before the read: see remember
        Optional<Entry<V>> entry = read.get();
        entry.ifPresent(e -> remember(key, e, stamp));
        return entry.map(Entry::value);
    }

    private Optional<V> get(String key) {
        Entry<V> entry = channel.trusted() ? entries.getIfPresent(key) : null;
        if (entry == null) {
            gets.miss();
            return Optional.empty();
        }
        gets.hit();
        return Optional.of(entry.value());
    }

    /** A stamp to read before asking Redis, for {@link #remember}; none while the channel is not trusted. */
    private long stamp() {
        return channel.trusted() ? changes.get() : NOT_TRUSTED;
    }

    /**
     * Keeps a value read from Redis, unless a report, a break or a flush came in since
     * {@code readWithStamp}. Checked again after the put: a report counted before the put is caught
     * by that second check, one counted after it removes the entry itself (counted, then removed).
     */
    private void remember(String key, Entry<V> entry, long readWithStamp) {
        if (readWithStamp == NOT_TRUSTED || stamp() != readWithStamp) {
            return;
        }
        entries.put(key, entry);
        if (stamp() != readWithStamp) {
            entries.invalidate(key);
        }
    }

    /** Drops the entry now, on this instance, without waiting for Redis's report (a logout here). */
    public void forget(String key) {
        changed(key);
    }

    public CacheGets gets() {
        return gets;
    }

    /** Reports received (changed keys, flushes) and the entries held now. */
    public void bindTo(MeterRegistry registry) {
        channel.bindTo(registry, name);
        Gauge.builder("lab.near.cache.size", entries, Cache::estimatedSize).tag("cache", name)
                .description("entries held by the near cache").register(registry);
    }

    @Override
    public void close() {
        channel.close();
    }

    /** Redis's report that this key changed (on the subscriber thread), or a change made here: counted first, then removed. */
    private void changed(String key) {
        changes.incrementAndGet();
        entries.invalidate(key);
    }

    /** The channel broke, or Redis was flushed: nothing read so far may be used. */
    private void forgetAll() {
        changes.incrementAndGet();
        entries.invalidateAll();
    }
}
