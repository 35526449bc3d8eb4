package lab.common.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.common.auth.AuthMechanism;
import lab.common.config.LabConfig;
import lab.common.http.JsonBody;
import lab.common.http.RequestFields;
import lab.common.http.Problem;
import lab.common.http.TrustedProxies;
import lab.common.login.LoginGuard;
import lab.common.metrics.CacheGets;
import lab.common.metrics.LabMetrics;
import lab.common.redis.Redis;
import lab.common.transfers.Transfer;
import lab.common.transfers.TransferStore;
import lab.common.users.User;
import lab.common.users.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import lab.common.redis.RedisConnections;

/**
 * The HTTP contract both apps serve, in one table: each endpoint's behaviour is here, and the
 * {@link AuthMechanism} is the only part that differs between session-app and token-app.
 */
final class ContractRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(ContractRoutes.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern PASSWORD = Pattern.compile("(?s).{1,256}");
    private static final Pattern RECIPIENT = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000");
    /**
     * Any text without control characters. Markup is allowed on purpose: "<3" is a fine memo, and
     * what keeps it from running is the page that shows it (output encoding), not this pattern.
     */
    private static final Pattern MEMO = Pattern.compile("[^\\p{Cntrl}]{0,200}");
    private static final Pattern ROLE = Pattern.compile("[a-z]{1,32}");

    private final String instanceId;
    private final AuthMechanism auth;
    private final UserDirectory users;
    private final TransferStore transfers;
    private final Optional<RedisConnections> redis;
    private final boolean sentinels;
    private final boolean acceptFormPosts;
    private final TrustedProxies proxies;
    private final LoginGuard loginGuard;
    private final LabMetrics metrics;

    ContractRoutes(LabConfig config, AuthMechanism auth, UserDirectory users, TransferStore transfers,
                   Optional<RedisConnections> redis, LabMetrics metrics) {
        this.metrics = metrics;
        this.instanceId = config.instanceId();
        this.acceptFormPosts = config.acceptFormPosts();
        this.auth = auth;
        this.users = users;
        this.transfers = transfers;
        this.redis = redis;
        this.sentinels = config.redisSentinels().isPresent();
        this.proxies = config.trustedProxies();
        this.loginGuard = new LoginGuard(config.login(), redis.map(RedisConnections::commands));
    }

    void addTo(RoutesConfig routes) {
        routes.post("/auth/login", this::login);
        routes.post("/auth/refresh", this::refresh);
        routes.post("/auth/logout", this::logout);
        routes.get("/api/me", this::me);
        routes.get("/api/admin", this::admin);
        routes.post("/api/admin/roles", this::changeRoles);
        routes.post("/api/transfers", this::createTransfer);
        routes.get("/api/transfers", this::listTransfers);
        routes.get("/health", this::health);
        routes.get("/metrics", metrics::scrape);
    }

    private void login(Context ctx) {
        JsonBody body = JsonBody.of(ctx);
        String username = body.text("username", USERNAME);
        char[] password = body.text("password", PASSWORD).toCharArray();
        String clientAddress = proxies.clientAddress(ctx);
        User user = loginGuard.authenticate(username, clientAddress, () -> users.authenticate(username, password))
                .orElseThrow(() -> new Problem(401, "invalid-credentials", "Invalid username or password",
                        "the username or the password is wrong"));
        Map<String, Object> response = identity(user);
        response.putAll(auth.login(ctx, user));
        LOG.info("login ok: user={}", user.username());
        ctx.json(response);
    }

    private void refresh(Context ctx) {
        AuthMechanism.Refreshed refreshed = auth.refresh(ctx);
        Map<String, Object> response = identity(refreshed.user());
        response.putAll(refreshed.fields());
        ctx.json(response);
    }

    private void logout(Context ctx) {
        auth.logout(ctx);
        ctx.status(204);
    }

    private void me(Context ctx) {
        Map<String, Object> response = identity(auth.authenticate(ctx));
        response.put("mechanism", auth.name());
        ctx.json(response);
    }

    private void admin(Context ctx) {
        User user = auth.authenticate(ctx);
        if (!user.hasRole("admin")) {
            throw Problem.forbidden("missing-role", "Not allowed", "this needs the role 'admin'");
        }
        Map<String, Object> response = identity(user);
        response.put("admin", true);
        ctx.json(response);
    }

    /**
     * An admin gives a user new roles. Where they take effect is the lab's point: a session reads the
     * roles at its next request, a token carries a copy until it is refreshed or expires.
     */
    private void changeRoles(Context ctx) {
        User admin = auth.authenticate(ctx);
        if (!admin.hasRole("admin")) {
            throw Problem.forbidden("missing-role", "Not allowed", "this needs the role 'admin'");
        }
        JsonBody body = JsonBody.of(ctx);
        String username = body.text("username", USERNAME);
        List<String> roles = body.texts("roles", ROLE, UserDirectory.KNOWN_ROLES.size());
        if (!UserDirectory.KNOWN_ROLES.containsAll(roles)) {
            throw Problem.badRequest("'roles' may hold only " + String.join(", ", UserDirectory.KNOWN_ROLES));
        }
        User changed = users.changeRoles(username, roles)
                .orElseThrow(() -> new Problem(404, "no-such-user", "No such user", "there is no user '" + username + "'"));
        LOG.info("roles changed: user={} roles={} by={}", changed.username(), changed.roles(), admin.username());
        Map<String, Object> response = identity(changed);
        response.put("changedBy", admin.username());
        ctx.json(response);
    }

    private void createTransfer(Context ctx) {
        User user = auth.authenticate(ctx);
        RequestFields body = RequestFields.of(ctx, acceptFormPosts);
        String to = body.text("to", RECIPIENT);
        Transfer transfer = new Transfer(UUID.randomUUID().toString(), user.username(), to,
                body.amount("amount", MAX_AMOUNT), body.optionalText("memo", MEMO), Instant.now().toString(), instanceId);
        transfers.add(transfer, listedFor(user.username(), to));
        ctx.status(201).json(transfer);
    }

    /** The sender's list, and the recipient's if it is one of our users (a made-up name gets no list). */
    private Set<String> listedFor(String sender, String recipient) {
        return users.find(recipient).isPresent() && !recipient.equals(sender) ? Set.of(sender, recipient) : Set.of(sender);
    }

    private void listTransfers(Context ctx) {
        User user = auth.authenticate(ctx);
        ctx.json(Map.of("transfers", transfers.listFor(user.username())));
    }

    private void health(Context ctx) {
        String redisState = redis.map(r -> Redis.isUp(r.commands()) ? "up" : "down").orElse("not-used");
        boolean down = redisState.equals("down");
        boolean serving = !(down && auth.needsRedis());
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", serving ? (down ? "degraded" : "up") : "down");
        response.put("instance", instanceId);
        response.put("redis", redisState);
        response.put("transport", auth.transport());
        if (sentinels) {
            // Where the Sentinels last said the primary is: the dashboard shows a failover with it.
            response.put("redisPrimary", redis.orElseThrow().primary().get().toString());
        }
        List<CacheGets> caches = Stream.concat(auth.caches().stream(), users.caches().stream()).toList();
        if (!caches.isEmpty()) {
            // For the dashboard's hit ratio per instance; the same counts as GET /metrics.
            response.put("caches", caches.stream()
                    .map(c -> Map.of("cache", c.cache(), "hits", c.hits(), "misses", c.misses())).toList());
        }
        ctx.status(serving ? 200 : 503).json(response);
    }

    private Map<String, Object> identity(User user) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("username", user.username());
        response.put("roles", user.roles());
        response.put("instance", instanceId);
        return response;
    }
}
