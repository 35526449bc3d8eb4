package lab.session;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import lab.common.metrics.CacheGets;
import lab.common.redis.ExpiringCache;
import lab.common.redis.InvalidationChannel;
import redis.clients.jedis.Jedis;

/**
 * Sessions this instance has read from Redis, answered from memory while Redis confirms nothing
 * changed (REDIS_NEAR_CACHE=on). Redis itself reports every change to a {@code session:} key on
 * this instance's own connection (key tracking, broadcast mode): a logout or refresh on any
 * instance, an operator's {@code DEL}, an expiry, a flush. The report removes the entry.
 *
 * <p>Three rules keep it exact:
 * <ul>
 *   <li>Entries are used only while the channel is trusted ({@link InvalidationChannel}); a break
 *       drops them all before the next request is served.</li>
 *   <li>An entry read from Redis while any report arrived is not kept: the report may be about
 *       this very session, and may have overtaken the reply ({@link #remember}).</li>
 *   <li>An entry lives only until Redis would want the session's idle timer restarted
 *       ({@link RedisSessionStore#touchEvery}), so the sliding timeout works as without the cache.</li>
 * </ul>
 */
final class SessionNearCache implements AutoCloseable {
    private static final int CAPACITY = 100_000;
    private static final long NOT_TRUSTED = -1;

    /** A session as read from Redis, and the instant until which it may be answered from memory. */
    record Entry(Session session, Instant until) {
    }

    private final Cache<String, Entry> entries;
    private final CacheGets gets = new CacheGets("sessions");
    /** Counts every report, break and flush: a read that saw it move may be stale. */
    private final AtomicLong changes = new AtomicLong();
    private final InvalidationChannel channel;

    /** {@code connect}: a new connection of its own (not from the pool: it is held for as long as it lives). */
    SessionNearCache(Supplier<Jedis> connect, Clock clock) {
        this.entries = ExpiringCache.build(clock, CAPACITY, Entry::until);
        this.channel = InvalidationChannel.keyTracking("session near cache", connect, RedisSessionStore.KEY_PREFIX,
                this::changed, this::forgetAll);
    }

    SessionNearCache start() {
        channel.start();
        return this;
    }

    /** The session stored under this Redis key, if it is cached and the channel is trusted. */
    Optional<Session> get(String key) {
        Entry entry = channel.trusted() ? entries.getIfPresent(key) : null;
        if (entry == null) {
            gets.miss();
            return Optional.empty();
        }
        gets.hit();
        return Optional.of(entry.session());
    }

    /** A stamp to read before asking Redis, for {@link #remember}; none while the channel is not trusted. */
    long stamp() {
        return channel.trusted() ? changes.get() : NOT_TRUSTED;
    }

    /**
     * Keeps a session read from Redis, unless a report, a break or a flush came in since
     * {@code readWithStamp}. Checked again after the put: a report counted before the put is caught
     * by that second check, one counted after it removes the entry itself (counted, then removed).
     */
    void remember(String key, Entry entry, long readWithStamp) {
        if (readWithStamp == NOT_TRUSTED || stamp() != readWithStamp) {
            return;
        }
        entries.put(key, entry);
        if (stamp() != readWithStamp) {
            entries.invalidate(key);
        }
    }

    /** Drops the entry now, on this instance, without waiting for Redis's report (a logout here). */
    void forget(String key) {
        changed(key);
    }

    CacheGets gets() {
        return gets;
    }

    /** Reports received (changed keys, flushes) and the entries held now. */
    void bindTo(MeterRegistry registry) {
        channel.bindTo(registry, "sessions");
        Gauge.builder("lab.near.cache.size", entries, Cache::estimatedSize).tag("cache", "sessions")
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
