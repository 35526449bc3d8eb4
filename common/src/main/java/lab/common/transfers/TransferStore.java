package lab.common.transfers;

import java.util.List;
import java.util.Set;

/**
 * Application data, not authentication state: where transfers live is independent of how an app
 * remembers who is logged in. Kept in Redis when {@code REDIS_URL} is set, else in the instance.
 */
public interface TransferStore {
    int KEPT_PER_USER = 100;

    /** Adds the transfer to the list of each of {@code listedFor} (its sender, and its recipient if a user). */
    void add(Transfer transfer, Set<String> listedFor);

    /** The transfers the user sent or received, newest first, at most {@link #KEPT_PER_USER}. */
    List<Transfer> listFor(String username);
}
