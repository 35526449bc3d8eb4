package lab.session;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in this instance's memory: the classic set-up. Fast, but invisible to the other
 * instances (so the balancer must be sticky) and gone when the instance dies.
 */
public final class MemorySessionStore implements SessionStore {
    /** {@code rotatedTo}: the successor's id once refreshed, else null. */
    private record Entry(Session session, long idleDeadline, String rotatedTo) {
    }

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final SessionConfig config;
    private final Clock clock;

    public MemorySessionStore(SessionConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void save(Session session) {
        sessions.put(session.id(), new Entry(session, now() + config.idleSeconds(), null));
    }

    @Override
    public Optional<Session> find(String id) {
        Entry touched = sessions.computeIfPresent(id, (key, entry) -> !isLive(entry) ? null
                : entry.rotatedTo() != null ? entry : new Entry(entry.session(), now() + config.idleSeconds(), null));
        return Optional.ofNullable(touched).filter(entry -> entry.rotatedTo() == null).map(Entry::session);
    }

    @Override
    public Optional<Session> findForLogout(String id) {
        return Optional.ofNullable(sessions.get(id)).filter(this::isLive).map(Entry::session);
    }

    // rotate and delete touch two entries each: one lock makes each of them one step. Both are rare
    // (refresh, logout) and short; find and save stay lock-free.
    @Override
    public synchronized boolean rotate(Session old, String newId) {
        Entry entry = sessions.get(old.id());
        if (entry == null || !isLive(entry) || entry.rotatedTo() != null) {
            return false;
        }
        sessions.put(newId, new Entry(entry.session().withId(newId), entry.idleDeadline(), null));
        long graceDeadline = Math.min(entry.idleDeadline(), now() + ROTATION_GRACE_SECONDS);
        sessions.put(old.id(), new Entry(entry.session(), graceDeadline, newId));
        return true;
    }

    @Override
    public synchronized void delete(String id) {
        String next = id;
        for (int hop = 0; next != null && hop < 10; hop++) { // a chain of refreshes within the grace period
            Entry removed = sessions.remove(next);
            next = removed == null ? null : removed.rotatedTo();
        }
    }

    /** Drops expired sessions; called periodically so that abandoned logins do not pile up. */
    public void purgeExpired() {
        sessions.values().removeIf(entry -> !isLive(entry));
    }

    private boolean isLive(Entry entry) {
        long now = now();
        return now < entry.idleDeadline() && now < entry.session().createdAt() + config.absoluteSeconds();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
