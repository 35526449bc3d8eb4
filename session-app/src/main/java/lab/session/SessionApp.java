package lab.session;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import lab.common.config.LabConfig;
import lab.common.http.CorsPolicy;
import lab.common.http.Csrf;
import lab.common.redis.NearCache;
import lab.common.redis.Redis;
import lab.common.redis.RedisConnections;
import lab.common.server.LabServer;
import lab.common.transfers.MemoryTransferStore;
import lab.common.transfers.RedisTransferStore;
import lab.common.transfers.TransferStore;
import lab.common.users.UserDirectory;
import redis.clients.jedis.UnifiedJedis;

/** session-app: remembers who you are with a server-side session, in Redis or in this instance. */
public final class SessionApp {
    private SessionApp() {
    }

    public static void main(String[] args) {
        LabServer.run(() -> create(Env.system()));
    }

    /** Builds the app from the environment, not started yet. */
    public static Javalin create(Env env) {
        LabConfig lab = LabConfig.from(env, "http://localhost:8080");
        if (lab.corsAllowedOrigins().contains("*")) {
            throw new ConfigException("CORS_ALLOWED_ORIGINS", "cookies need explicit origins, not *");
        }
        SessionConfig config = SessionConfig.from(env);
        Optional<RedisConnections> connections = Redis.connect(lab);
        Optional<UnifiedJedis> redis = connections.map(RedisConnections::commands);
        if (config.store().equals("redis") && redis.isEmpty()) {
            throw new ConfigException("REDIS_URL", "is required when SESSION_STORE=redis");
        }
        SessionStore store = redis.filter(r -> config.store().equals("redis"))
                .<SessionStore>map(r -> new RedisSessionStore(r, config, Clock.systemUTC(), nearCache(connections.get(), config)))
                .orElseGet(() -> memoryStore(config));
        TransferStore transfers = redis.<TransferStore>map(RedisTransferStore::new).orElseGet(MemoryTransferStore::new);
        var cors = new CorsPolicy(lab.corsAllowedOrigins(), true, List.of("Content-Type", Csrf.HEADER));
        // With Redis the directory's role changes are shared by every instance; the sticky stack has none.
        UserDirectory users = connections.map(c -> UserDirectory.inRedis(c, config.nearCache(), Clock.systemUTC()))
                .orElseGet(UserDirectory::inMemory);
        var mechanism = new SessionMechanism(store, new SessionCookie(lab.instanceId(), config), config, cors,
                Clock.systemUTC(), users);
        return LabServer.create(lab, mechanism, users, transfers, connections);
    }

    /** With REDIS_NEAR_CACHE=on, sessions read from Redis are kept here until Redis reports a change. */
    private static Optional<NearCache<Session>> nearCache(RedisConnections redis, SessionConfig config) {
        if (!config.nearCache()) {
            return Optional.empty();
        }
        return Optional.of(new NearCache<Session>("sessions", RedisSessionStore.KEY_PREFIX, redis::newSubscriberConnection,
                Clock.systemUTC()).start());
    }

    private static SessionStore memoryStore(SessionConfig config) {
        var store = new MemorySessionStore(config, Clock.systemUTC());
        var sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "session-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(store::purgeExpired, 60, 60, TimeUnit.SECONDS);
        return store;
    }
}
