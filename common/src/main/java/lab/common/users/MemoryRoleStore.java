package lab.common.users;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Role changes kept by this instance only: what an instance without Redis has. Its neighbours never
 * hear of them, which is the sticky stack's lesson: without shared state, even the directory drifts.
 */
public final class MemoryRoleStore implements RoleStore {
    private final Map<String, List<String>> changed = new ConcurrentHashMap<>();

    @Override
    public Optional<List<String>> get(String username) {
        return Optional.ofNullable(changed.get(username));
    }

    @Override
    public void set(String username, List<String> roles) {
        changed.put(username, List.copyOf(roles));
    }
}
