package lab.session;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.common.auth.AuthMechanism;
import lab.common.auth.OpaqueTokens;
import lab.common.http.CorsPolicy;
import lab.common.http.Csrf;
import lab.common.http.Problem;
import lab.common.metrics.CacheGets;
import lab.common.users.User;
import lab.common.users.UserDirectory;

/**
 * Server-side sessions: the cookie is a random id, the server remembers everything else. Because a
 * browser attaches the cookie to every request, even forged cross-site ones, state-changing requests
 * also need a CSRF token (OWASP's synchronizer token pattern) and an allowed Origin.
 */
public final class SessionMechanism implements AuthMechanism {

    private final SessionStore store;
    private final SessionCookie cookie;
    private final SessionConfig config;
    private final CorsPolicy cors;
    private final Clock clock;
    private final UserDirectory users;

    public SessionMechanism(SessionStore store, SessionCookie cookie, SessionConfig config, CorsPolicy cors, Clock clock,
                            UserDirectory users) {
        this.users = users;
        this.store = store;
        this.cookie = cookie;
        this.config = config;
        this.cors = cors;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "session";
    }

    @Override
    public CorsPolicy cors() {
        return cors;
    }

    @Override
    public String transport() {
        return "cookie";
    }

    @Override
    public boolean needsRedis() {
        return store instanceof RedisSessionStore;
    }

    @Override
    public void stop() {
        store.close();
    }

    @Override
    public List<CacheGets> caches() {
        return store.caches();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        store.bindTo(registry);
    }

    @Override
    public Map<String, Object> login(Context ctx, User user) {
        // Fixation protection: whatever session the request came with is dropped, and a new id issued.
        currentId(ctx).ifPresent(store::delete);
        Session session = new Session(OpaqueTokens.random(), user.username(), OpaqueTokens.random(),
                clock.instant().getEpochSecond());
        store.save(session);
        ctx.res().addHeader("Set-Cookie", cookie.issue(session.id()));
        return sessionFields(session);
    }

    @Override
    public User authenticate(Context ctx) {
        return userOf(currentSession(ctx));
    }

    @Override
    public Refreshed refresh(Context ctx) {
        // The session analogue of rotating a refresh token: a new id for the same login. The idle
        // timer restarts; the absolute deadline does not move. The move is made so that a
        // logout or another refresh racing this one either comes first (and this one is a 401) or
        // finds the old id rotated and follows it (see SessionStore).
        Session old = currentSession(ctx);
        Session rotated = old.withId(OpaqueTokens.random());
        if (!store.rotate(old, rotated.id())) {
            throw sessionGone();
        }
        ctx.res().addHeader("Set-Cookie", cookie.issue(rotated.id()));
        return new Refreshed(userOf(rotated), sessionFields(rotated));
    }

    /** Ends the login, also when a concurrent refresh has just rotated the id this request carries. */
    @Override
    public void logout(Context ctx) {
        String id = currentId(ctx).orElseThrow(() -> Problem.unauthorized("no valid session cookie"));
        Session session = store.findForLogout(id).orElseThrow(SessionMechanism::sessionGone);
        checkCsrf(ctx, session);
        store.delete(session.id());
        ctx.res().addHeader("Set-Cookie", cookie.clear());
    }

    @Override
    public void addRoutes(RoutesConfig routes) {
        routes.get("/auth/csrf", ctx -> ctx.json(Map.of("csrfToken", currentSession(ctx).csrfToken())));
        routes.before(this::checkOrigin);
    }

    private Session currentSession(Context ctx) {
        String id = currentId(ctx).orElseThrow(() -> Problem.unauthorized("no valid session cookie"));
        Session session = store.find(id).orElseThrow(SessionMechanism::sessionGone);
        checkCsrf(ctx, session);
        return session;
    }

    /** The session keeps who you are; what you may do is asked of the directory now, so a role change applies at once. */
    private User userOf(Session session) {
        return users.find(session.username()).orElseThrow(() -> new Problem(401, "user-removed",
                "The account no longer exists", "this session's user is not in the directory any more"));
    }

    private void checkCsrf(Context ctx, Session session) {
        if (config.cookies().csrfProtection()) {
            Csrf.checkToken(ctx, session.csrfToken());
        }
    }

    private static Problem sessionGone() {
        return new Problem(401, "session-expired", "Session unknown or expired", "log in again");
    }

    private Optional<String> currentId(Context ctx) {
        return cookie.idIn(ctx);
    }

    /** A cross-site request announces itself with Origin; refuse state changes from unknown ones. */
    private void checkOrigin(Context ctx) {
        if (config.cookies().csrfProtection()) {
            Csrf.checkOrigin(ctx, cors);
        }
    }

    private Map<String, Object> sessionFields(Session session) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("csrfToken", session.csrfToken());
        fields.put("idleTimeoutSeconds", config.idleSeconds());
        fields.put("absoluteTimeoutSeconds", config.absoluteSeconds());
        return fields;
    }
}
