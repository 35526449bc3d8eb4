package lab.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/**
 * Sessions in Redis, shared by every instance, so any instance can serve any user. Nothing is cached
 * in the instance: every request reads Redis, so no instance can serve a stale copy of a session that
 * another one changed or deleted. Redis itself expires keys by TTL.
 *
 * <p>The key is the SHA-256 of the session id, so a copy of the Redis data does not hand out live
 * cookies.
 */
public final class RedisSessionStore implements SessionStore {
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
        String key = key(id);
        // One round trip: read the session and restart its idle timer.
        try (var pipe = redis.pipelined()) {
            var fields = pipe.hgetAll(key);
            pipe.expire(key, config.idleSeconds());
            pipe.sync();
            Map<String, String> hash = fields.get();
            if (hash.isEmpty()) {
                return Optional.empty();
            }
            long created = Long.parseLong(hash.get("created"));
            long ttl = ttl(created);
            if (ttl <= 0) {
                delete(id);
                return Optional.empty();
            }
            if (ttl < config.idleSeconds()) {
                redis.expire(key, ttl); // the absolute deadline comes before the idle one
            }
            List<String> roles = Arrays.asList(hash.get("roles").split(","));
            return Optional.of(new Session(id, hash.get("user"), roles, hash.get("csrf"), created));
        }
    }

    @Override
    public void delete(String id) {
        redis.del(key(id));
    }

    /** Seconds left: the idle timeout, capped by what remains of the absolute one. */
    private long ttl(long createdAt) {
        long absoluteLeft = createdAt + config.absoluteSeconds() - clock.instant().getEpochSecond();
        return Math.min(config.idleSeconds(), absoluteLeft);
    }

    static String key(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            return "session:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
