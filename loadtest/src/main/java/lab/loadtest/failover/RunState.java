package lab.loadtest.failover;

import java.util.concurrent.atomic.AtomicLong;

/** Shared by all virtual users of a run: whether to go on, and the request budget that bounds the run by count. */
final class RunState {
    private volatile boolean running = true;
    private final AtomicLong budget;

    RunState(long maxRequests) {
        this.budget = new AtomicLong(maxRequests);
    }

    boolean running() {
        return running;
    }

    void stop() {
        running = false;
    }

    /** Takes one request from the budget; false when the run is over (by time or by count). */
    boolean tryStart() {
        if (!running) {
            return false;
        }
        if (budget.decrementAndGet() < 0) {
            running = false;
            return false;
        }
        return true;
    }

    boolean budgetExhausted() {
        return budget.get() < 0;
    }
}
