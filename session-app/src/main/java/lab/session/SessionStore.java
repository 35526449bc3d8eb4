package lab.session;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import lab.common.metrics.CacheGets;

/**
 * Where sessions live. Both implementations enforce the idle timeout (sliding) and the absolute
 * timeout themselves, so an expired session is simply not found.
 *
 * <p>Refresh and logout can race (a page's timer refreshes while the user clicks "log out"). So a
 * refresh leaves the old id behind for a short grace period as a <em>rotated</em> marker pointing to
 * its successor: it no longer authenticates, but a logout that carries it still ends the login.
 */
public interface SessionStore {
    /** How long a rotated id still leads a logout to its successor: longer than any request in flight. */
    long ROTATION_GRACE_SECONDS = 60;

    void save(Session session);

    /** The live session with this id, its idle timer restarted; empty when unknown, expired or rotated. */
    Optional<Session> find(String id);

    /** Like {@link #find}, but also a session rotated within the grace period; touches nothing. For logout. */
    Optional<Session> findForLogout(String id);

    /**
     * Moves the live session {@code old} to {@code newId}, leaving {@code old} as a rotated marker, so
     * that any racing refresh or logout sees either the old session or the marker. False, and nothing
     * left behind, when {@code old} is no longer live (logged out, expired, or already rotated by a
     * concurrent refresh).
     */
    boolean rotate(Session old, String newId);

    /** Ends the session with this id and every session it was rotated into; a rotation racing it fails rather than outlive it. */
    void delete(String id);

    /** Stops what the store runs in the background (the near cache's channel); when the server stops. */
    default void close() {
    }

    /** The near cache in front of the store, if any. */
    default List<CacheGets> caches() {
        return List.of();
    }

    /** The store's own meters (Redis reads, invalidations received). */
    default void bindTo(MeterRegistry registry) {
    }
}
