package lab.common.transfers;

import java.util.List;

/**
 * Application data, not authentication state: where transfers live is independent of how an app
 * remembers who is logged in. Kept in Redis when {@code REDIS_URL} is set, else in the instance.
 */
public interface TransferStore {
    int KEPT_PER_USER = 100;

    void add(Transfer transfer);

    /** The user's transfers, newest first, at most {@link #KEPT_PER_USER}. */
    List<Transfer> listFor(String username);
}
