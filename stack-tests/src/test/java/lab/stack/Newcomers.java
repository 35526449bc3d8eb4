package lab.stack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Users who keep arriving: one logs in as soon as the last one was answered, until closed. Keeps
 * those the server said yes to, with the moment it did: a session or refresh token the server
 * acknowledged, which a failover may or may not have kept.
 */
final class Newcomers implements AutoCloseable {
    /** A login the server answered 200, at {@code System.nanoTime()} {@code acknowledgedAt}. */
    record Login(VirtualUser user, long acknowledgedAt) {
    }

    private final List<Login> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger arrived = new AtomicInteger();
    private final Loop loop;

    Newcomers(String stack, Counts logins) {
        loop = new Loop("newcomers", () -> {
            VirtualUser user = new VirtualUser(stack, arrived.getAndIncrement() % 2 == 0 ? "alice" : "bob");
            if (user.login(logins).status() == 200) {
                acknowledged.add(new Login(user, System.nanoTime()));
            }
        });
    }

    List<Login> acknowledged() {
        return List.copyOf(acknowledged);
    }

    @Override
    public void close() {
        loop.close();
    }
}
