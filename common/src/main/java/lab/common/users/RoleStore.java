package lab.common.users;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import lab.common.metrics.CacheGets;

/**
 * Where the users' current roles are kept: in this instance ({@link MemoryRoleStore}), or in Redis
 * for every instance ({@link RedisRoleStore}). Only changes are stored; a user nobody changed has the
 * directory's default roles.
 */
public interface RoleStore extends AutoCloseable {

    /** The roles an admin gave this user, or empty when nobody changed them. */
    Optional<List<String>> get(String username);

    void set(String username, List<String> roles);

    /** Stops the near cache's channel, if any. */
    @Override
    default void close() {
    }

    /** The near cache in front of Redis, if any: for {@code GET /metrics} and {@code GET /health}. */
    default List<CacheGets> caches() {
        return List.of();
    }

    default void bindTo(MeterRegistry registry) {
    }
}
