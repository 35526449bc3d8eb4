package lab.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * A group of virtual users on one stack. {@link #round} lets each user make one request; a
 * {@link #background} loop keeps them busy while a test breaks something.
 */
public final class Crowd {
    /** Logins in flight at once when a crowd logs in: two instances, two hashing slots each. */
    private static final int LOGINS_AT_ONCE = 4;
    private final String stack;
    private final List<VirtualUser> users = new ArrayList<>();
    private final Map<VirtualUser, String> homeInstance = new ConcurrentHashMap<>();

    public Crowd(String stack, int size) {
        this.stack = stack;
        for (int i = 0; i < size; i++) {
            users.add(new VirtualUser(stack, i % 2 == 0 ? "alice" : "bob"));
        }
    }

    public List<VirtualUser> users() {
        return users;
    }

    /**
     * Logs every user in, {@link #LOGINS_AT_ONCE} at a time; fails loudly if the stack cannot even do
     * that. A login costs a password hash (a tenth of a second or more of one core): one at a time would
     * leave a core idle, and the instances admit two hashes each at once (LOGIN_CONCURRENCY).
     */
    public Crowd loggedIn() {
        ExecutorService logins = Executors.newFixedThreadPool(LOGINS_AT_ONCE);
        try {
            CompletableFuture.allOf(users.stream()
                    .map(user -> CompletableFuture.runAsync(() -> logIn(user), logins))
                    .toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw (RuntimeException) e.getCause();
        } finally {
            logins.shutdown();
        }
        return this;
    }

    private void logIn(VirtualUser user) {
        VirtualUser.Answer answer = user.login();
        if (answer.status() != 200) {
            throw new IllegalStateException("login failed on " + stack + ": " + answer);
        }
        homeInstance.put(user, answer.instance());
    }

    /** The instance that answered each user's login: where a sticky user's session lives. */
    public String homeOf(VirtualUser user) {
        return homeInstance.get(user);
    }

    /** Every user makes one request, one user after the other; a 401 sends that user to log in again. */
    public void round(Counts counts) {
        users.forEach(user -> turn(user, counts));
    }

    /**
     * Every user makes one request, all at the same time, each on a thread of its own, as real
     * clients do: where each waits out a timeout, they wait it out together, not in turn.
     */
    public void roundAtOnce(Counts counts) {
        ExecutorService perUser = Executors.newFixedThreadPool(users.size());
        try {
            CompletableFuture.allOf(users.stream()
                    .map(user -> CompletableFuture.runAsync(() -> turn(user, counts), perUser))
                    .toArray(CompletableFuture[]::new)).join();
        } finally {
            perUser.shutdown();
        }
    }

    private void turn(VirtualUser user, Counts counts) {
        VirtualUser.Answer answer = user.me();
        counts.record(answer);
        if (answer.status() == 401) {
            counts.relogin();
            VirtualUser.Answer login = user.login();
            if (login.status() == 200) {
                homeInstance.put(user, login.instance());
            }
        }
    }

    public void rounds(int n, Counts counts) {
        for (int i = 0; i < n; i++) {
            round(counts);
        }
    }

    /** Runs rounds on a thread of its own until the returned handle is closed; counts into the given phase. */
    public Background background(Counts counts) {
        return new Background(this, counts);
    }

    /**
     * Every user on a thread of its own, each calling the API every {@code think} and logging in again
     * after a 401, until the handle is closed: how a crowd of real clients behaves, all at once. Each
     * user's answers go to the counts {@code countsOf} picks for it; login attempts go to {@code logins}.
     */
    public Stampede stampede(Duration think, Function<VirtualUser, Counts> countsOf, Counts logins) {
        return new Stampede(this, think, countsOf, logins);
    }

    public static final class Stampede implements AutoCloseable {
        private final List<Loop> users = new ArrayList<>();

        Stampede(Crowd crowd, Duration think, Function<VirtualUser, Counts> countsOf, Counts logins) {
            for (VirtualUser user : crowd.users) {
                Counts counts = countsOf.apply(user);
                users.add(new Loop("stampede-" + crowd.stack, () -> {
                    VirtualUser.Answer answer = user.me();
                    counts.record(answer);
                    if (answer.status() == 401) {
                        counts.relogin();
                        VirtualUser.Answer login = user.login(logins);
                        if (login.status() == 200) {
                            crowd.homeInstance.put(user, login.instance());
                        }
                    }
                    LockSupport.parkNanos(think.toNanos()); // a client's think time, not a wait for a condition
                }));
            }
        }

        @Override
        public void close() {
            users.forEach(Loop::stop); // all at once, as before: no user keeps going while another is awaited
            users.forEach(Loop::close);
        }
    }

    public static final class Background implements AutoCloseable {
        private final Loop loop;

        Background(Crowd crowd, Counts counts) {
            loop = new Loop("crowd-" + crowd.stack, () -> crowd.round(counts));
        }

        @Override
        public void close() {
            loop.close();
        }
    }
}
