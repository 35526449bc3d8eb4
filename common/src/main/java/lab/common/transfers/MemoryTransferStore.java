package lab.common.transfers;

import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/** Transfers in this instance's memory: lost with the instance, invisible to its siblings. */
public final class MemoryTransferStore implements TransferStore {
    private final Map<String, Deque<Transfer>> byUser = new ConcurrentHashMap<>();

    @Override
    public void add(Transfer transfer, Set<String> listedFor) {
        listedFor.forEach(username -> byUser.compute(username, (user, list) -> {
            Deque<Transfer> updated = list == null ? new ConcurrentLinkedDeque<>() : list;
            updated.addFirst(transfer);
            while (updated.size() > KEPT_PER_USER) {
                updated.removeLast();
            }
            return updated;
        }));
    }

    @Override
    public List<Transfer> listFor(String username) {
        Deque<Transfer> list = byUser.get(username);
        if (list == null) {
            return List.of();
        }
        return List.copyOf(list);
    }
}
