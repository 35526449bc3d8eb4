package lab.stack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Users who keep arriving: one does what {@code arrive} says (log in; log in and out) as soon as the
 * last one was done, until closed. Keeps those the server said yes to, with the moment it did: a
 * session, refresh token or revocation the server acknowledged, which a failover may or may not
 * have kept.
 */
final class Newcomers implements AutoCloseable {
    /** An arrival the server acknowledged, at {@code System.nanoTime()} {@code acknowledgedAt}. */
    record Arrival(VirtualUser user, long acknowledgedAt) {
    }

    private final List<Arrival> acknowledged = new CopyOnWriteArrayList<>();
    private final AtomicInteger arrived = new AtomicInteger();
    private final Loop loop;

    /** {@code arrive}: what one newcomer does; true when the server acknowledged all of it. */
    Newcomers(String stack, Predicate<VirtualUser> arrive) {
        loop = new Loop("newcomers", () -> {
            VirtualUser user = new VirtualUser(stack, arrived.getAndIncrement() % 2 == 0 ? "alice" : "bob");
            if (arrive.test(user)) {
                acknowledged.add(new Arrival(user, System.nanoTime()));
            }
        });
    }

    List<Arrival> acknowledged() {
        return List.copyOf(acknowledged);
    }

    @Override
    public void close() {
        loop.close();
    }
}
