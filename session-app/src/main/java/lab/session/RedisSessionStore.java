package lab.session;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.common.auth.OpaqueTokens;
import redis.clients.jedis.RedisClient;

/**
 * Sessions in Redis, shared by every instance, so any instance can serve any user. Nothing is cached
 * in the instance: every request reads Redis, so no instance can serve a stale copy of a session that
 * another one changed or deleted. Redis itself expires keys by TTL.
 *
 * <p>The key is the SHA-256 of the session id, so a copy of the Redis data does not hand out live
 * cookies. A session is a hash {@code user, roles, csrf, created}; a rotated one also has
 * {@code rotated}, the key of its successor. Reading, rotating and ending are small Lua scripts, so
 * that each is one atomic step however requests interleave.
 */
public final class RedisSessionStore implements SessionStore {
    private static final String[] FIELDS = {"user", "roles", "csrf", "created", "rotated"};

    /** Reads a session; a live one (not rotated, within both timeouts) gets its TTL restarted. */
    private static final String FIND = """
            local f = redis.call('hmget', KEYS[1], 'user', 'roles', 'csrf', 'created', 'rotated')
            if f[1] and not f[5] and ARGV[1] == 'touch' then
              local ttl = math.min(tonumber(ARGV[2]), tonumber(f[4]) + tonumber(ARGV[3]) - tonumber(ARGV[4]))
              if ttl <= 0 then
                redis.call('del', KEYS[1])
                return {}
              end
              redis.call('expire', KEYS[1], ttl)
            end
            return f
            """;

    /** Copies a live session to its new key (TTL included) and marks the old key rotated, briefly. */
    private static final String ROTATE = """
            local ttl = redis.call('ttl', KEYS[1])
            if ttl < 1 or redis.call('hexists', KEYS[1], 'user') == 0 or redis.call('hexists', KEYS[1], 'rotated') == 1 then
              return 0
            end
            redis.call('copy', KEYS[1], KEYS[2])
            redis.call('hset', KEYS[1], 'rotated', KEYS[2])
            redis.call('expire', KEYS[1], math.min(ttl, tonumber(ARGV[1])))
            return 1
            """;

    /**
     * Deletes a session and the sessions it was rotated into. The successors' keys are read from the
     * hash, not passed in KEYS: following the chain inside the script is what makes it atomic
     * (fine on a single Redis, which is what the lab runs; a cluster would need hash tags).
     */
    private static final String END = """
            local key = KEYS[1]
            for hop = 1, 10 do
              local nextKey = redis.call('hget', key, 'rotated')
              redis.call('del', key)
              if not nextKey then return hop end
              key = nextKey
            end
            return 10
            """;

    private final RedisClient redis;
    private final SessionConfig config;
    private final Clock clock;

    public RedisSessionStore(RedisClient redis, SessionConfig config, Clock clock) {
        this.redis = redis;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void save(Session session) {
        String key = key(session.id());
        try (var tx = redis.multi()) {
            tx.hset(key, Map.of(
                    "user", session.username(),
                    "roles", String.join(",", session.roles()),
                    "csrf", session.csrfToken(),
                    "created", Long.toString(session.createdAt())));
            tx.expire(key, ttl(session.createdAt()));
            tx.exec();
        }
    }

    @Override
    public Optional<Session> find(String id) {
        return read(id, true).filter(fields -> fields.get(4) == null).map(fields -> session(id, fields));
    }

    @Override
    public Optional<Session> findForLogout(String id) {
        return read(id, false).map(fields -> session(id, fields));
    }

    @Override
    public boolean rotate(Session old, String newId) {
        Object renamed = redis.eval(ROTATE, List.of(key(old.id()), key(newId)),
                List.of(Long.toString(ROTATION_GRACE_SECONDS)));
        return Long.valueOf(1).equals(renamed);
    }

    @Override
    public void delete(String id) {
        redis.eval(END, List.of(key(id)), List.of());
    }

    /** The hash's {@link #FIELDS}, or empty when there is no session under this id. */
    private Optional<List<String>> read(String id, boolean touch) {
        List<String> args = List.of(touch ? "touch" : "peek", Integer.toString(config.idleSeconds()),
                Integer.toString(config.absoluteSeconds()), Long.toString(clock.instant().getEpochSecond()));
        List<?> reply = (List<?>) redis.eval(FIND, List.of(key(id)), args);
        if (reply.size() != FIELDS.length || reply.get(0) == null) {
            return Optional.empty();
        }
        return Optional.of(reply.stream().map(RedisSessionStore::text).toList());
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : (String) value;
    }

    private static Session session(String id, List<String> fields) {
        List<String> roles = Arrays.asList(fields.get(1).split(","));
        return new Session(id, fields.get(0), roles, fields.get(2), Long.parseLong(fields.get(3)));
    }

    /** Seconds left: the idle timeout, capped by what remains of the absolute one. */
    private long ttl(long createdAt) {
        long absoluteLeft = createdAt + config.absoluteSeconds() - clock.instant().getEpochSecond();
        return Math.min(config.idleSeconds(), absoluteLeft);
    }

    static String key(String id) {
        return "session:" + OpaqueTokens.sha256Hex(id);
    }
}
