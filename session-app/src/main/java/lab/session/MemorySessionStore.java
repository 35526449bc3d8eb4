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
    private record Entry(Session session, long idleDeadline) {
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
        sessions.put(session.id(), new Entry(session, now() + config.idleSeconds()));
    }

    @Override
    public Optional<Session> find(String id) {
        Entry touched = sessions.computeIfPresent(id, (key, entry) ->
                isLive(entry) ? new Entry(entry.session(), now() + config.idleSeconds()) : null);
        return Optional.ofNullable(touched).map(Entry::session);
    }

    @Override
    public void delete(String id) {
        sessions.remove(id);
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
