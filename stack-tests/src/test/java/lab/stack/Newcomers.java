package lab.stack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Users who keep arriving: one logs in as soon as the last one was answered, until closed. Keeps
 * those the server said yes to, with the moment it did: a session or refresh token the server
 * acknowledged, which a failover may or may not have kept.
 */
final class Newcomers implements AutoCloseable {
    /** A login the server answered 200, at {@code System.nanoTime()} {@code acknowledgedAt}. */
    record Login(VirtualUser user, long acknowledgedAt) {
    }

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Login> acknowledged = new CopyOnWriteArrayList<>();
    private final Thread thread;

    Newcomers(String stack, Counts logins) {
        thread = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                VirtualUser user = new VirtualUser(stack, i % 2 == 0 ? "alice" : "bob");
                if (user.login(logins).status() == 200) {
                    acknowledged.add(new Login(user, System.nanoTime()));
                }
            }
        }, "newcomers");
        thread.start();
    }

    List<Login> acknowledged() {
        return List.copyOf(acknowledged);
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
