package lab.token;

import io.javalin.Javalin;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import lab.common.config.LabConfig;
import lab.common.http.CorsPolicy;
import lab.common.http.Csrf;
import lab.common.redis.Redis;
import lab.common.redis.RedisConnections;
import lab.common.server.LabServer;
import lab.common.transfers.MemoryTransferStore;
import lab.common.transfers.RedisTransferStore;
import lab.common.transfers.TransferStore;
import lab.common.users.UserDirectory;
import lab.token.dpop.DpopProofs;
import lab.token.dpop.ReplayCache;
import lab.token.keys.GenerateJwk;
import lab.token.keys.TokenKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;

/** token-app: the shared contract, with users remembered by JSON Web Tokens. */
public final class TokenApp {
    private static final Logger LOG = LoggerFactory.getLogger(TokenApp.class);

    private TokenApp() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("generate-jwk")) {
            System.exit(GenerateJwk.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        LabServer.run(() -> create(Env.system()));
    }

    /** Builds the app from its environment (not started). Any bad setting is a ConfigException naming it. */
    public static Javalin create(Env env) {
        return create(env, Clock.systemUTC());
    }

    /** With a clock of the test's choosing, so expiry is tested without waiting for it. */
    static Javalin create(Env env, Clock clock) {
        // A bearer token is not sent by the browser on its own, so any origin may call (no credentials).
        // Token cookies are, so with TOKEN_TRANSPORT=cookie only the dashboard's origin, with credentials.
        boolean cookies = env.choice("TOKEN_TRANSPORT", "header", "header", "cookie").equals("cookie");
        LabConfig config = LabConfig.from(env, cookies ? "http://localhost:8080" : "*");
        TokenConfig settings = TokenConfig.from(env, config.redisUrl().isPresent());
        if (cookies && config.corsAllowedOrigins().contains("*")) {
            throw new ConfigException("CORS_ALLOWED_ORIGINS", "TOKEN_TRANSPORT=cookie needs explicit origins: "
                    + "a browser never sends cookies to a wildcard origin");
        }
        TokenKeys keys = TokenKeys.from(env);

        Optional<RedisConnections> connections = Redis.connect(config);
        Optional<UnifiedJedis> redis = connections.map(RedisConnections::commands);
        TransferStore transfers = redis.<TransferStore>map(RedisTransferStore::new).orElseGet(MemoryTransferStore::new);
        Optional<ServerSideState> serverSide = connections.map(c -> ServerSideState.in(c.commands(),
                c::newSubscriberConnection, settings, clock));
        CorsPolicy cors = settings.cookieTransport()
                ? new CorsPolicy(config.corsAllowedOrigins(), true, List.of("Content-Type", Csrf.HEADER))
                : new CorsPolicy(config.corsAllowedOrigins(), false, List.of("Authorization", "Content-Type", DpopProofs.HEADER));
        TokenTransport transport = settings.cookieTransport() ? new CookieTransport(settings.cookies(), cors)
                : settings.dpop() ? new DpopTransport(new DpopProofs(new ReplayCache(redis, clock), clock))
                : new HeaderTransport();

        LOG.info("token-app: {} access tokens for {} s in {}; refresh tokens {}; revocation {}; verified-token cache {}; revocation near cache {}",
                keys.algorithmId(), settings.accessTtl().toSeconds(),
                settings.cookieTransport() ? "HttpOnly cookies (TOKEN_TRANSPORT=cookie)"
                        : settings.dpop() ? "the Authorization header, bound to the client's key (DPOP=on)" : "the Authorization header",
                serverSide.isPresent() ? "in Redis" : "off (no REDIS_URL)",
                revocationMode(settings, serverSide.isPresent()),
                settings.cacheVerified() ? "on" : "off",
                serverSide.flatMap(ServerSideState::nearCache).isPresent() ? "on (Redis pub/sub)" : "off");
        // Roles are read at login and refresh only, so no near cache: a token carries its copy of them.
        UserDirectory users = connections.map(c -> UserDirectory.inRedis(c, false, clock)).orElseGet(UserDirectory::inMemory);
        var mechanism = new TokenMechanism(settings, keys, serverSide, users, cors, clock, transport);
        return LabServer.create(config, mechanism, users, transfers, connections);
    }

    private static String revocationMode(TokenConfig settings, boolean redis) {
        if (settings.checkRevocation()) {
            return "in Redis, failing " + (settings.failOpen() ? "open while Redis is down" : "closed");
        }
        return redis ? "off (logout ends the login's refresh token, not its access tokens)" : "off";
    }
}
