package lab.session;

import java.util.Optional;

/**
 * Where sessions live. Both implementations enforce the idle timeout (sliding) and the absolute
 * timeout themselves, so an expired session is simply not found.
 */
public interface SessionStore {

    void save(Session session);

    /** The live session with this id, its idle timer restarted; empty when unknown or expired. */
    Optional<Session> find(String id);

    void delete(String id);
}
