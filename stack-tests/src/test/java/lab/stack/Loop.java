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

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(60_000); // a turn is bounded by the clients' own timeouts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
