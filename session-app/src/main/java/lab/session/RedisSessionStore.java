package lab.session;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import lab.common.auth.OpaqueTokens;
import lab.common.metrics.CacheGets;
import lab.common.redis.NearCache;
import lab.common.redis.RedisFailures;
import redis.clients.jedis.UnifiedJedis;

/**
 * Sessions in Redis, shared by every instance, so any instance can serve any user. Redis itself
 * expires keys by TTL. Every request reads Redis, unless the near cache ({@link NearCache},
 * REDIS_NEAR_CACHE=on) holds the session and Redis has not reported a change to it since.
 *
 * <p>The key is the SHA-256 of the session id, so a copy of the Redis data does not hand out live
 * cookies. A session is a hash {@code user, csrf, created}; a rotated one also has
 * {@code rotated}, the key of its successor. Every write and read is a small Lua script on one key,
 * one atomic step however requests interleave, and each runs unchanged on a Redis Cluster (a script
 * may only touch keys of one slot).
 *
 * <p>The idle timeout slides without a write on every request: the TTL is restarted only when it has
 * run down by {@link #touchEvery} seconds, so a session ends between {@code idle - touchEvery} and
 * {@code idle} seconds after its last request, never later.
 */
public final class RedisSessionStore implements SessionStore {
    /** Every session key starts with it: the near cache asks Redis to report changes under it. */
    static final String KEY_PREFIX = "session:";
    private static final int FIELDS = 4; // user, csrf, created, rotated

    /**
     * Reads a session and its time to live in ms. A live one (not rotated, within both timeouts) gets
     * its TTL restarted when it has run down by ARGV[5] seconds: at most one write per that interval.
     */
    private static final String FIND = """
            local f = redis.call('hmget', KEYS[1], 'user', 'csrf', 'created', 'rotated')
            if not f[1] then return {} end
            local ttl = redis.call('pttl', KEYS[1])
            if not f[4] and ARGV[1] == 'touch' then
              local wanted = math.min(tonumber(ARGV[2]), tonumber(f[3]) + tonumber(ARGV[3]) - tonumber(ARGV[4]))
              if wanted <= 0 then
                redis.call('del', KEYS[1])
                return {}
              end
              if ttl < (wanted - tonumber(ARGV[5])) * 1000 then
                redis.call('expire', KEYS[1], wanted)
                ttl = wanted * 1000
              end
            end
            f[5] = ttl
            return f
            """;

    /** Writes a session and its time to live, as one step (a session never lives in Redis without a TTL). */
    private static final String SAVE = """
            redis.call('hset', KEYS[1], 'user', ARGV[1], 'csrf', ARGV[2], 'created', ARGV[3])
            redis.call('expire', KEYS[1], ARGV[4])
            return 1
            """;

    /**
     * Marks a live session rotated to the key ARGV[1] and shortens its life to ARGV[2] seconds; 0 when
     * it is gone or already rotated (another request won).
     */
    private static final String MARK_ROTATED = """
            local ttl = redis.call('ttl', KEYS[1])
            if ttl < 1 or redis.call('hexists', KEYS[1], 'user') == 0 or redis.call('hexists', KEYS[1], 'rotated') == 1 then
              return 0
            end
            redis.call('hset', KEYS[1], 'rotated', ARGV[1])
            redis.call('expire', KEYS[1], math.min(ttl, tonumber(ARGV[2])))
            return 1
            """;

    /** Deletes a session; returns the key it was rotated to, if any (nil otherwise). */
    private static final String END = """
            local successor = redis.call('hget', KEYS[1], 'rotated')
            redis.call('del', KEYS[1])
            return successor
            """;

    /** Logout follows a chain of rotations at most this far (a session is rotated at most once a request). */
    private static final int MAX_HOPS = 10;

    private final UnifiedJedis redis;
    private final SessionConfig config;
    private final Clock clock;
    private final Optional<NearCache<Session>> nearCache;
    private final LongAdder redisReads = new LongAdder();

    public RedisSessionStore(UnifiedJedis redis, SessionConfig config, Clock clock) {
        this(redis, config, clock, Optional.empty());
    }

    RedisSessionStore(UnifiedJedis redis, SessionConfig config, Clock clock, Optional<NearCache<Session>> nearCache) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
        this.nearCache = nearCache;
    }

    /**
     * How far (seconds) the TTL may run down before a read restarts it: a tenth of the idle timeout,
     * at most 10 s (0 below 10 s: then every read restarts it).
     */
    static int touchEvery(SessionConfig config) {
        return Math.min(10, config.idleSeconds() / 10);
    }

    @Override
    public void save(Session session) {
        redis.eval(SAVE, List.of(key(session.id())), List.of(session.username(), session.csrfToken(),
                Long.toString(session.createdAt()), Long.toString(ttl(session.createdAt()))));
    }

    @Override
    public Optional<Session> find(String id) {
        return nearCache.map(near -> near.getOrRead(key(id), () -> readToCache(id)))
                .orElseGet(() -> readLive(id).map(Read::session));
    }

    /** A live session read from Redis, with the instant until which it may be answered from memory. */
    private Optional<NearCache.Entry<Session>> readToCache(String id) {
        Instant readAt = clock.instant();
        return readLive(id).map(r -> new NearCache.Entry<>(r.session(), cacheUntil(r, readAt)));
    }

    /** A live session (its idle timer restarted if due), not one rotated away. */
    private Optional<Read> readLive(String id) {
        return read(id, true).filter(r -> r.rotatedTo() == null);
    }

    @Override
    public Optional<Session> findForLogout(String id) {
        return read(id, false).map(Read::session);
    }

    /**
     * Two steps, each a script on one key (the two keys hash to different slots of a Redis Cluster):
     * the successor is written first, then the old session is marked rotated only if it is still live
     * and unrotated. In this order a racing logout or refresh either ends the old session first (the
     * mark fails and the successor is deleted) or finds the mark and follows it to the successor.
     */
    @Override
    public boolean rotate(Session old, String newId) {
        save(old.withId(newId));
        Object marked = redis.eval(MARK_ROTATED, List.of(key(old.id())),
                List.of(key(newId), Long.toString(ROTATION_GRACE_SECONDS)));
        nearCache.ifPresent(near -> near.forget(key(old.id())));
        if (!Long.valueOf(1).equals(marked)) {
            redis.del(key(newId));
            return false;
        }
        return true;
    }

    /** Ends the session and the sessions it was rotated into, one key at a time. */
    @Override
    public void delete(String id) {
        String key = key(id);
        for (int hop = 0; hop < MAX_HOPS && key != null; hop++) {
            Object successor = redis.eval(END, List.of(key), List.of());
            // This instance forgets at once; the others when Redis reports the deletion.
            String ended = key;
            nearCache.ifPresent(near -> near.forget(ended));
            key = successor == null ? null : text(successor);
        }
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
        FunctionCounter.builder("lab.redis.auth.reads", redisReads, LongAdder::sum).tag("for", "session")
                .description("Redis round trips made to authenticate a request").register(registry);
        nearCache.ifPresent(near -> near.bindTo(registry));
    }

    /** A session as stored, where it was rotated to (or null), and its time to live in ms. */
    private record Read(Session session, String rotatedTo, long ttlMillis) {
    }

    /** Empty when there is no session under this id. */
    private Optional<Read> read(String id, boolean touch) {
        List<String> args = List.of(touch ? "touch" : "peek", Integer.toString(config.idleSeconds()),
                Integer.toString(config.absoluteSeconds()), Long.toString(clock.instant().getEpochSecond()),
                Integer.toString(touchEvery(config)));
        // FIND may run twice (a restart closed the pooled connection): it only ends or extends a session.
        List<?> reply = (List<?>) RedisFailures.retriedIfClosedByRedis(() -> {
            redisReads.increment();
            return redis.eval(FIND, List.of(key(id)), args);
        });
        if (reply.size() != FIELDS + 1 || reply.get(0) == null) {
            return Optional.empty();
        }
        List<String> fields = reply.subList(0, FIELDS).stream().map(RedisSessionStore::text).toList();
        return Optional.of(new Read(session(id, fields), fields.get(3), (Long) reply.get(FIELDS)));
    }

    /**
     * Until when this read may be answered from memory: until the FIND script would restart the TTL
     * (it has run down by touchEvery), or, when the absolute timeout leaves no room for that, until
     * the session ends. Never after Redis would expire it.
     */
    private Instant cacheUntil(Read read, Instant readAt) {
        Instant expires = readAt.plusMillis(read.ttlMillis());
        Instant absoluteEnd = Instant.ofEpochSecond(read.session().createdAt() + config.absoluteSeconds());
        int touchEvery = touchEvery(config);
        Instant until = expires.isBefore(absoluteEnd.minusSeconds(touchEvery))
                ? expires.minusSeconds(config.idleSeconds() - touchEvery)
                : expires;
        return until.isBefore(absoluteEnd) ? until : absoluteEnd;
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
    }

    private static Session session(String id, List<String> fields) {
        return new Session(id, fields.get(0), fields.get(1), Long.parseLong(fields.get(2)));
    }

    /** Seconds left: the idle timeout, capped by what remains of the absolute one. */
    private long ttl(long createdAt) {
        long absoluteLeft = createdAt + config.absoluteSeconds() - clock.instant().getEpochSecond();
        return Math.min(config.idleSeconds(), absoluteLeft);
    }

    static String key(String id) {
        return KEY_PREFIX + OpaqueTokens.sha256Hex(id);
    }
}
