package lab.token.revocation;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The near cache of the revocation check: every revocation in the stack, pushed to this instance by
 * Redis pub/sub, and the tokens this instance has already found not revoked.
 *
 * <p>Two memories with two different rules. The <b>denylist</b> only grows: a revocation learned
 * (from the channel, from Redis, or made here) is kept until what it revokes has expired, so it is
 * enforced even while Redis is unreachable. The <b>not-revoked</b> answers are trusted only while
 * the channel is known to be alive: a revocation that happens while this instance cannot hear it
 * must not be missed, so when the channel breaks (connection lost, Redis restarted, no answer to
 * the heartbeat within {@link #HEARTBEAT_TIMEOUT}) they are all dropped, and every answer read
 * from Redis before the break is refused entry (the generation counter).
 *
 * <p>The denylist is checked before the not-revoked answers, so a revocation that arrives while a
 * lookup is on its way to Redis wins over the "not revoked" it brings back.
 */
public final class RevocationFeed implements AutoCloseable {
    /** The pub/sub channel every instance listens to; messages are {@code jti|fam <id> <epoch second it matters until>}. */
    public static final String CHANNEL = "revocations";
    static final Duration HEARTBEAT_EVERY = Duration.ofMillis(200);
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(600);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(250);
    private static final int CAPACITY = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(RevocationFeed.class);

    private final Cache<String, Instant> denied;
    private final Cache<String, Instant> notRevoked;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong lastHeartbeatNanos = new AtomicLong();
    private final AtomicLong invalidationsReceived = new AtomicLong();
    private final Listener listener = new Listener();
    private final Supplier<Jedis> connect;
    private final Thread subscriber;
    private final ScheduledExecutorService heartbeat;
    private volatile Jedis connection;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile boolean warnedUnreachable;

    /** {@code connect}: a new connection of its own (not from the pool: it is held for as long as it lives). */
    public RevocationFeed(Supplier<Jedis> connect, Clock clock) {
        this.connect = connect;
        this.denied = expiringAt(clock);
        this.notRevoked = expiringAt(clock);
        this.subscriber = daemon("revocation-feed", this::listen);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> daemon("revocation-heartbeat", task));
    }

    /** Starts listening; the not-revoked answers are used from the first acknowledged subscription on. */
    public RevocationFeed start() {
        subscriber.start();
        heartbeat.scheduleAtFixedRate(this::ping, HEARTBEAT_EVERY.toMillis(), HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
        return trusted() && notRevoked.getIfPresent(tokenId) != null;
    }

    /** The generation to pass to {@link #rememberNotRevoked}: read it before asking Redis. */
    public long generation() {
        return generation.get();
    }

    /** Keeps a "not revoked" read from Redis, unless the channel broke since {@code readInGeneration}. */
    public void rememberNotRevoked(String tokenId, Instant tokenExpires, long readInGeneration) {
        if (trusted() && generation.get() == readInGeneration) {
            notRevoked.put(tokenId, tokenExpires);
        }
    }

    /** Whether the not-revoked answers may be used: subscribed, and the last heartbeat answered in time. */
    boolean trusted() {
        if (!subscribed) {
            return false;
        }
        if (System.nanoTime() - lastHeartbeatNanos.get() > HEARTBEAT_TIMEOUT.toNanos()) {
            distrust("no answer to the heartbeat within " + HEARTBEAT_TIMEOUT.toMillis() + " ms");
            return false;
        }
        return true;
    }

    long invalidationsReceived() {
        return invalidationsReceived.get();
    }

    long rememberedNotRevoked() {
        notRevoked.cleanUp();
        return notRevoked.estimatedSize();
    }

    @Override
    public void close() {
        closed = true;
        heartbeat.shutdownNow();
        Jedis current = connection;
        if (current != null) {
            current.disconnect(); // ends the subscriber's blocking read; the loop sees closed and stops
        }
    }

    /** Subscribes, and subscribes again after every break, until closed. */
    private void listen() {
        while (!closed) {
            try (Jedis jedis = connect.get()) {
                connection = jedis;
                lastHeartbeatNanos.set(System.nanoTime()); // a new connection gets a full heartbeat period
                jedis.subscribe(listener, CHANNEL); // returns when unsubscribed; throws when the connection breaks
            } catch (RuntimeException e) {
                if (!closed && !warnedUnreachable) {
                    warnedUnreachable = true; // once per outage, not every RECONNECT_PAUSE
                    LOG.warn("revocation feed: no channel ({}); trying again every {} ms", e.getClass().getSimpleName(),
                            RECONNECT_PAUSE.toMillis());
                }
            }
            if (!closed) {
                distrust("channel closed");
                pause();
            }
        }
    }

    private void distrust(String why) {
        boolean wasTrusted = subscribed;
        subscribed = false;
        generation.incrementAndGet(); // before the clear: a read in flight cannot refill the cache
        notRevoked.invalidateAll();
        if (wasTrusted) {
            LOG.warn("revocation feed: {}: every token is checked in Redis again", why);
        }
    }

    /** On the heartbeat thread: a ping every HEARTBEAT_EVERY; a connection that stopped answering is closed. */
    private void ping() {
        try {
            // Whether or not a request noticed first: a connection that stopped answering is closed.
            if (listener.isSubscribed() && System.nanoTime() - lastHeartbeatNanos.get() > HEARTBEAT_TIMEOUT.toNanos()) {
                distrust("no answer to the heartbeat within " + HEARTBEAT_TIMEOUT.toMillis() + " ms");
                Jedis silent = connection;
                if (silent != null) {
                    silent.disconnect(); // the subscriber thread's read fails, and it starts over
                }
            } else if (listener.isSubscribed()) {
                listener.ping();
            }
        } catch (RuntimeException e) {
            // the subscriber thread sees the same broken connection and starts over
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis()); // a background reconnect loop's pause, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    /** Messages of the channel; runs on the subscriber thread. */
    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            lastHeartbeatNanos.set(System.nanoTime());
            subscribed = true; // from here on no revocation can be missed
            warnedUnreachable = false;
            LOG.info("revocation feed: listening on {}", channel);
        }

        @Override
        public void onPong(String pattern) {
            lastHeartbeatNanos.set(System.nanoTime());
        }

        @Override
        public void onMessage(String channel, String message) {
            String[] parts = message.split(" ");
            if (parts.length == 3 && (parts[0].equals("jti") || parts[0].equals("fam"))) {
                try {
                    deny(parts[0], parts[1], Instant.ofEpochSecond(Long.parseLong(parts[2])));
                    invalidationsReceived.incrementAndGet();
                    return;
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
            LOG.warn("revocation feed: ignored a message of another shape");
        }
    }

    /** Each entry lives until its own instant (a token's or a login's end), at most CAPACITY of them. */
    private static <K> Cache<K, Instant> expiringAt(Clock clock) {
        return Caffeine.newBuilder().maximumSize(CAPACITY).expireAfter(new Expiry<K, Instant>() {
            @Override
            public long expireAfterCreate(K key, Instant until, long currentTime) {
                Duration left = Duration.between(clock.instant(), until);
                return left.isNegative() ? 0 : left.toNanos();
            }

            @Override
            public long expireAfterUpdate(K key, Instant until, long currentTime, long currentDuration) {
                return expireAfterCreate(key, until, currentTime);
            }

            @Override
            public long expireAfterRead(K key, Instant until, long currentTime, long currentDuration) {
                return currentDuration;
            }
        }).build();
    }
}
