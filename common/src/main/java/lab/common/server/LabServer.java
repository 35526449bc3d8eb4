package lab.common.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Optional;
import java.util.function.Supplier;
import lab.common.auth.AuthMechanism;
import lab.common.config.ConfigException;
import lab.common.config.LabConfig;
import lab.common.http.JettyProblemErrorHandler;
import lab.common.http.Problem;
import lab.common.http.ProblemResponses;
import lab.common.http.RequestFields;
import lab.common.metrics.LabMetrics;
import lab.common.transfers.TransferStore;
import lab.common.users.UserDirectory;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import lab.common.redis.RedisConnections;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Builds the Javalin app that both services run: the contract routes, the headers every response
 * carries, CORS, and the mapping of every failure to problem+json.
 */
public final class LabServer {
    private static final Logger LOG = LoggerFactory.getLogger(LabServer.class);
    private static final int STOP_TIMEOUT_MS = 10_000;
    private static final int RESULT_COPY_BUFFER_BYTES = 4096;

    private LabServer() {
    }

    /**
     * {@code users}: the directory the mechanism was given too (a session reads the roles at every
     * request, a token at refresh); it is closed with the server.
     */
    public static Javalin create(LabConfig config, AuthMechanism auth, UserDirectory users, TransferStore transfers,
                                 Optional<RedisConnections> redis) {
        var metrics = new LabMetrics(auth.name() + "-app", config.instanceId(), auth, users);
        var routes = new ContractRoutes(config, auth, users, transfers, redis, metrics);
        var drain = new Drain(config.shutdownDrain());
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.concurrency.useVirtualThreads = config.virtualThreads();
            cfg.http.maxRequestSize = RequestFields.MAX_BYTES;
            // The buffer Javalin copies each result through, allocated per response; unset, it is
            // Jetty's output buffer size (32 KB) for answers of a few hundred bytes: most of the
            // garbage a request made, and so most of the young collections (JFR, bench stack).
            cfg.http.responseBufferSize = RESULT_COPY_BUFFER_BYTES;
            cfg.jetty.port = config.port();
            cfg.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(8 * 1024);
                // No per-connection cache of header lines (Jetty's default keeps 1024 characters of
                // them). It pays off when one client repeats itself; a connection that carries many
                // users' credentials (nginx's upstream keep-alive, the load generator) brings a new
                // token of ~370 characters on most requests, and the cache is cleared and refilled
                // each time (docs/loadtest.md, section 2).
                http.setHeaderCacheSize(0);
            });
            cfg.jetty.modifyServer(server -> {
                // SIGTERM: stop accepting, let requests in flight finish, for up to 10 s.
                server.insertHandler(new GracefulHandler());
                server.setStopTimeout(STOP_TIMEOUT_MS);
                server.setErrorHandler(new JettyProblemErrorHandler());
                server.addBean(drain);
            });

            // The Redis pool runs an eviction thread: close it with the server.
            cfg.events.serverStopped(() -> redis.map(RedisConnections::commands).ifPresent(UnifiedJedis::close));
            cfg.events.serverStopped(auth::stop);
            cfg.events.serverStopped(users::close);
            cfg.requestLogger.http(metrics::record);

            cfg.routes.before(ctx -> commonHeaders(ctx, config.instanceId(), auth));
            cfg.routes.before(ctx -> {
                if (drain.draining()) {
                    ctx.header("Connection", "close");
                }
            });
            cfg.routes.options("/*", ctx -> auth.cors().preflight(ctx));
            routes.addTo(cfg.routes);
            auth.addRoutes(cfg.routes);

            cfg.routes.exception(Problem.class, (e, ctx) -> problem(ctx, withChallenge(e, auth)));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, fromJavalin(e)));
            cfg.routes.exception(JedisException.class, (e, ctx) -> {
                LOG.warn("redis unavailable: {}", e.getClass().getSimpleName());
                problem(ctx, Problem.unavailable("Redis is unreachable from this instance"));
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected {} on {} {}", e.getClass().getName(), ctx.method(), ctx.path(), e);
                problem(ctx, new Problem(500, "internal-error", "Internal error", "unexpected server error"));
            });
            cfg.routes.error(404, ctx -> notMatched(ctx, 404, "not-found", "No such endpoint"));
            cfg.routes.error(405, ctx -> notMatched(ctx, 405, "method-not-allowed", "Method not allowed"));
        });
    }

    /** Starts the app and drains it on SIGTERM (see {@link Drain}). Exits with one line on a bad configuration. */
    public static void run(Supplier<Javalin> app) {
        Javalin started;
        try {
            started = app.get();
        } catch (ConfigException e) {
            System.err.println("invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        Drain drain = started.jettyServer().server().getBean(Drain.class);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> drain.thenStop(started), "drain-then-stop"));
        started.start();
    }

    private static void commonHeaders(Context ctx, String instanceId, AuthMechanism auth) {
        ctx.header("X-Instance", instanceId);
        ctx.header("X-Content-Type-Options", "nosniff");
        if (ctx.path().startsWith("/auth/") || ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
        auth.cors().apply(ctx);
    }

    /** Javalin's own refusals (no such route, body over the limit) in the lab's problem vocabulary. */
    private static Problem fromJavalin(HttpResponseException e) {
        String slug = switch (e.getStatus()) {
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 413 -> "body-too-large";
            default -> "http-" + e.getStatus();
        };
        return new Problem(e.getStatus(), slug, HttpStatus.getMessage(e.getStatus()), e.getMessage());
    }

    private static Problem withChallenge(Problem problem, AuthMechanism auth) {
        if (problem.status() != 401 || problem.headers().containsKey("WWW-Authenticate")) {
            return problem;
        }
        return auth.challenge().map(c -> problem.withHeader("WWW-Authenticate", c)).orElse(problem);
    }

    private static void problem(Context ctx, Problem problem) {
        ProblemResponses.write(ctx, problem);
    }

    /** Javalin's own 404/405: only rewrite its plain-text body, never a problem a handler wrote. */
    private static void notMatched(Context ctx, int status, String slug, String title) {
        if (!ProblemResponses.CONTENT_TYPE.equals(ctx.res().getContentType())) {
            problem(ctx, new Problem(status, slug, title, ctx.method() + " " + ctx.path() + " is not part of the API"));
        }
    }
}
