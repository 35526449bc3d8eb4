package lab.common.redis;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;

/**
 * What a near cache needs from Redis to stay exact: a connection of its own on which Redis tells
 * this instance what changed, and a verdict on whether that connection can be trusted right now.
 *
 * <p>A near cache may answer from memory only while {@link #trusted()}: subscribed, and the last
 * heartbeat (a PING every {@link #HEARTBEAT_EVERY}) answered within {@link #HEARTBEAT_TIMEOUT}. A
 * change made while this instance cannot hear the channel must not be missed, so when the channel
 * breaks (connection lost, Redis restarted, a heartbeat late) the cache is told to drop what it
 * trusted ({@code onReset}) and the {@link #generation()} moves on, which keeps out every answer that
 * was read from Redis before the break and arrives after it.
 *
 * <p>Two ways to hear of changes: {@link #pubSub} listens to a channel that the apps publish on,
 * {@link #keyTracking} asks Redis itself to report every change to keys under a prefix (client-side
 * caching's broadcast mode, redirected to this connection), whoever makes it: another instance, an
 * operator's {@code DEL}, an expiry, a {@code FLUSHALL}.
 */
public final class InvalidationChannel implements AutoCloseable {
    public static final Duration HEARTBEAT_EVERY = Duration.ofMillis(200);
    public static final Duration HEARTBEAT_TIMEOUT = Duration.ofMillis(600);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(250);
    private static final String TRACKING_CHANNEL = "__redis__:invalidate";
    private static final Logger LOG = LoggerFactory.getLogger(InvalidationChannel.class);

    private final String name;
    private final Supplier<Jedis> connect;
    private final SubscribeStep subscribe;
    private final Consumer<String> onMessage;
    private final Runnable onReset;
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong lastHeartbeatNanos = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final Listener listener = new Listener();
    private final Thread subscriber;
    private final ScheduledExecutorService heartbeat;
    private volatile Jedis connection;
    private volatile boolean subscribed;
    private volatile boolean closed;
    private volatile boolean warnedUnreachable;

    private InvalidationChannel(String name, Supplier<Jedis> connect, SubscribeStep subscribe,
                                Consumer<String> onMessage, Runnable onReset) {
        this.name = name;
        this.connect = connect;
        this.subscribe = subscribe;
        this.onMessage = onMessage;
        this.onReset = onReset;
        this.subscriber = daemon(name + "-channel", this::listen);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(task -> daemon(name + "-heartbeat", task));
    }

    /**
     * Hears every message published on {@code channel}. {@code connect}: a new connection of its own
     * (not from the pool: it is held for as long as it lives).
     */
    public static InvalidationChannel pubSub(String name, Supplier<Jedis> connect, String channel,
                                             Consumer<String> onMessage, Runnable onReset) {
        return new InvalidationChannel(name, connect, (jedis, listener) -> jedis.subscribe(listener, channel),
                onMessage, onReset);
    }

    /**
     * Hears the name of every key under {@code prefix} that changes, from Redis itself. A flush of
     * the database (Redis reports it without key names) counts as a reset. The connection must speak
     * RESP2 ({@link RedisConnections#newSubscriberConnection}): Redis sends these reports to a RESP2 subscriber as ordinary
     * pub/sub messages.
     */
    public static InvalidationChannel keyTracking(String name, Supplier<Jedis> connect, String prefix,
                                                  Consumer<String> onChangedKey, Runnable onReset) {
        return new InvalidationChannel(name, connect, (jedis, listener) -> {
            // BCAST: every change under the prefix, not only keys this connection has read; reported to
            // this very connection, which then subscribes to the channel Redis reports on.
            jedis.sendCommand(Protocol.Command.CLIENT, "TRACKING", "ON", "REDIRECT", Long.toString(jedis.clientId()),
                    "BCAST", "PREFIX", prefix);
            jedis.subscribe(listener, TRACKING_CHANNEL);
        }, onChangedKey, onReset);
    }

    /** Starts listening; {@link #trusted()} from the first acknowledged subscription on. */
    public InvalidationChannel start() {
        subscriber.start();
        heartbeat.scheduleAtFixedRate(this::ping, HEARTBEAT_EVERY.toMillis(), HEARTBEAT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether a near cache may answer from memory: subscribed, and the last heartbeat answered in time. */
    public boolean trusted() {
        if (!subscribed) {
            return false;
        }
        if (System.nanoTime() - lastHeartbeatNanos.get() > HEARTBEAT_TIMEOUT.toNanos()) {
            reset("no answer to the heartbeat within " + HEARTBEAT_TIMEOUT.toMillis() + " ms", true);
            return false;
        }
        return true;
    }

    /**
     * Read it before asking Redis; keep the answer only if it is still the same afterwards. It moves
     * on at every break and every flush.
     */
    public long generation() {
        return generation.get();
    }

    /** Messages received since start (reports of changes, flushes), as {@code lab_near_cache_messages_total{cache}}. */
    public void bindTo(MeterRegistry registry, String cache) {
        FunctionCounter.builder("lab.near.cache.messages", messages, AtomicLong::get).tag("cache", cache)
                .description("invalidation messages received on the near cache's channel").register(registry);
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
                subscribe.run(jedis, listener); // returns when unsubscribed; throws when the connection breaks
            } catch (RuntimeException e) {
                if (!closed && !warnedUnreachable) {
                    warnedUnreachable = true; // once per outage, not every RECONNECT_PAUSE
                    LOG.warn("{}: no channel ({}); trying again every {} ms", name, e.getClass().getSimpleName(),
                            RECONNECT_PAUSE.toMillis());
                }
            }
            if (!closed) {
                reset("channel closed", true);
                pause();
            }
        }
    }

    /** Stops trusting (on a break) or only forgets (on a flush) what was cached, before anything else is served. */
    private void reset(String why, boolean broken) {
        boolean wasTrusted = subscribed;
        if (broken) {
            subscribed = false;
        }
        generation.incrementAndGet(); // before the reset: a read in flight cannot refill the cache
        onReset.run();
        if (wasTrusted) {
            LOG.warn("{}: {}: {}", name, why, broken ? "every answer comes from Redis again" : "everything cached is dropped");
        }
    }

    /** On the heartbeat thread: a ping every HEARTBEAT_EVERY; a connection that stopped answering is closed. */
    private void ping() {
        try {
            if (listener.isSubscribed() && System.nanoTime() - lastHeartbeatNanos.get() > HEARTBEAT_TIMEOUT.toNanos()) {
                reset("no answer to the heartbeat within " + HEARTBEAT_TIMEOUT.toMillis() + " ms", true);
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

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis()); // a background reconnect loop's pause, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** How one connection subscribes: blocks until unsubscribed, throws when the connection breaks. */
    private interface SubscribeStep {
        void run(Jedis jedis, JedisPubSub listener);
    }

    /** Runs on the subscriber thread. */
    private final class Listener extends JedisPubSub {
        @Override
        public void onSubscribe(String channel, int subscribedChannels) {
            lastHeartbeatNanos.set(System.nanoTime());
            subscribed = true; // from here on no change can be missed
            warnedUnreachable = false;
            LOG.info("{}: listening on {}", name, channel);
        }

        @Override
        public void onPong(String pattern) {
            lastHeartbeatNanos.set(System.nanoTime());
        }

        @Override
        public void onMessage(String channel, String message) {
            messages.incrementAndGet();
            if (message == null) {
                reset("Redis was flushed", false); // key tracking's report of FLUSHALL/FLUSHDB: no key names
            } else {
                onMessage.accept(message);
            }
        }
    }
}
