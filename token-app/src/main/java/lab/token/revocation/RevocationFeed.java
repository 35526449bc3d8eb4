package lab.token.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import lab.common.redis.ExpiringCache;
import lab.common.redis.InvalidationChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/**
 * The near cache of the revocation check: every revocation in the stack, pushed to this instance by
 * Redis pub/sub, and the tokens this instance has already found not revoked.
 *
 * <p>Two memories with two different rules. The <b>denylist</b> only grows: a revocation learned
 * (from the channel, from Redis, or made here) is kept until what it revokes has expired, so it is
 * enforced even while Redis is unreachable. The <b>not-revoked</b> answers are trusted only while
 * the channel is (see {@link InvalidationChannel}): when it breaks they are all dropped, and every
 * answer read from Redis before the break is refused entry (the generation).
 *
 * <p>The denylist is checked before the not-revoked answers, so a revocation that arrives while a
 * lookup is on its way to Redis wins over the "not revoked" it brings back.
 *
 * <p>Why pub/sub here and Redis's own key tracking for sessions: a revocation is the creation of a key
 * that nobody has read, and the denylist needs the time it matters until, which the message carries
 * and a tracking report (a key name) does not. Revocations are written only by the apps, in the same
 * transaction as their message.
 */
public final class RevocationFeed implements AutoCloseable {
    /** The pub/sub channel every instance listens to; messages are {@code jti|fam <id> <epoch second it matters until>}. */
    public static final String CHANNEL = "revocations";
    private static final int CAPACITY = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);

    private final Cache<String, Instant> denied;
    private final Cache<String, Instant> notRevoked;
    private final InvalidationChannel channel;

    /** {@code connect}: a new connection of its own (not from the pool: it is held for as long as it lives). */
    public RevocationFeed(Supplier<Jedis> connect, Clock clock) {
        this.denied = ExpiringCache.build(clock, CAPACITY, Function.identity());
        this.notRevoked = ExpiringCache.build(clock, CAPACITY, Function.identity());
        this.channel = InvalidationChannel.pubSub("revocation feed", connect, CHANNEL, this::onMessage,
                notRevoked::invalidateAll);
    }

    /** Starts listening; the not-revoked answers are used from the first acknowledged subscription on. */
    public RevocationFeed start() {
        channel.start();
        return this;
    }

    /** Whether this token, or its whole login, is known here to be revoked. */
    public boolean denies(String tokenId, String family) {
        return denied.getIfPresent("jti " + tokenId) != null || denied.getIfPresent("fam " + family) != null;
    }

    /** Remembers a revocation until {@code until}: learned from Redis, or made by this instance. */
    public void deny(String kind, String id, Instant until) {
        denied.put(kind + " " + id, until);
    }

    /** Whether this token was found not revoked while the channel has been alive without a break. */
    public boolean knownNotRevoked(String tokenId) {
        return channel.trusted() && notRevoked.getIfPresent(tokenId) != null;
    }

    /** The generation to pass to {@link #rememberNotRevoked}: read it before asking Redis. */
    public long generation() {
        return channel.generation();
    }

    /** Keeps a "not revoked" read from Redis, unless the channel broke since {@code readInGeneration}. */
    public void rememberNotRevoked(String tokenId, Instant tokenExpires, long readInGeneration) {
        if (channel.trusted() && channel.generation() == readInGeneration) {
            notRevoked.put(tokenId, tokenExpires);
        }
    }

    /** Revocations received on the channel. */
    void bindTo(MeterRegistry registry) {
        channel.bindTo(registry, "revocations");
    }

    long rememberedNotRevoked() {
        notRevoked.cleanUp();
        return notRevoked.estimatedSize();
    }

    @Override
    public void close() {
        channel.close();
    }

    /** A message of the channel; runs on the subscriber thread. */
    private void onMessage(String message) {
        String[] parts = message.split(" ");
        if (parts.length == 3 && (parts[0].equals("jti") || parts[0].equals("fam"))) {
            try {
                deny(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])));
                return;
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        LOG.warn("revocation feed: ignored a message of another shape");
    }
}
