package lab.stack;

import java.util.concurrent.atomic.AtomicBoolean;

/** Turns of some work on a thread of its own, one after another, until closed; closing waits for the turn in progress. */
final class Loop implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Loop(String name, Runnable turn) {
        thread = new Thread(() -> {
            while (running.get()) {
                turn.run();
            }
        }, name);
        thread.start();
    }

    /** Lets the turn in progress be the last, without waiting for it (to stop many loops at once, then {@link #close} each). */
    void stop() {
        running.set(false);
    }

    @Override
    public void close() {
        stop();
        try {
            thread.join(60_000); // a turn is bounded by the clients' own timeouts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
