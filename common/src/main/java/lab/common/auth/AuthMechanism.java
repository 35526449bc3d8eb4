package lab.common.auth;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.common.http.CorsPolicy;
import lab.common.metrics.CacheGets;
import lab.common.users.User;

/**
 * The one thing that differs between the two apps: how an instance remembers who you are.
 * Everything else (routes, users, errors, transfers, health) is shared, in {@code lab.common}.
 * Failures are thrown as {@link lab.common.http.Problem}s.
 */
public interface AuthMechanism extends MeterBinder {

    /** {@code session} or {@code token}: reported by {@code GET /api/me}. */
    String name();

    CorsPolicy cors();

    /**
     * Where a browser keeps the credential: {@code cookie} (the browser attaches it by itself, so CSRF
     * defences apply) or {@code header} (page script sends it). Reported by {@code GET /health}, so
     * that the dashboard knows how to call the stack.
     */
    String transport();

    /** Issues a credential to a user who has just proved who they are; returns the mechanism's own response fields. */
    Map<String, Object> login(Context ctx, User user);

    /** The user behind this request's credential, or a 401 (or 403, 503) problem. */
    User authenticate(Context ctx);

    /** Trades the current credential for a fresh one: for whom, and the mechanism's own response fields. */
    Refreshed refresh(Context ctx);

    /** A refresh's outcome: the user (with their current roles) and the new credential's fields. */
    record Refreshed(User user, Map<String, Object> fields) {
    }

    /** Makes the request's credential stop working on every instance. */
    void logout(Context ctx);

    /** Whether this instance cannot serve its users while Redis is down (then {@code /health} says 503). */
    boolean needsRedis();

    /**
     * The {@code WWW-Authenticate} challenge added to every 401 that does not carry one yet (RFC 9110
     * asks for one; RFC 6750 defines {@code Bearer}). Cookie sessions have no registered scheme.
     */
    default Optional<String> challenge() {
        return Optional.empty();
    }

    /** Routes that only this mechanism has, and request filters it needs (CSRF checks, JWKS). */
    default void addRoutes(RoutesConfig routes) {
    }

    /** Stops what the mechanism runs in the background (the near caches' channels); called when the server stops. */
    default void stop() {
    }

    /** The near caches in front of Redis, for {@code GET /metrics} and {@code GET /health}. */
    default List<CacheGets> caches() {
        return List.of();
    }

    /** The mechanism's own meters besides {@link #caches()}: Redis reads, invalidations received. */
    @Override
    default void bindTo(MeterRegistry registry) {
    }
}
