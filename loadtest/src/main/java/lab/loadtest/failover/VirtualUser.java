package lab.loadtest.failover;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import lab.loadtest.http.Account;
import lab.loadtest.http.Credential;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.Login;
import lab.loadtest.http.Reply;

/**
 * One simulated person: logs in, then reads (GET /api/me) and now and then writes (POST
 * /api/transfers), pausing a think time in between. A 401 means the stack forgot the session: the
 * person logs in again, which is a forced re-login. It is a chain of callbacks, not a thread: while
 * it thinks or waits for an answer it holds no thread at all.
 */
final class VirtualUser {
    /** The first wait before trying to log in again after a failed login; it doubles with each failure. */
    static final Duration LOGIN_RETRY = Duration.ofSeconds(1);
    /** The longest wait between login attempts. */
    static final Duration LOGIN_RETRY_MAX = Duration.ofSeconds(8);

    private final Stack stack;
    private final Account account;
    private final Exchanges exchanges;
    private final RunState state;
    private final Duration think;
    private final int writePercent;
    private final Executor executor;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile Credential credential;
    private volatile int failedLogins;
    private volatile Duration retryAfter = Duration.ZERO;

    VirtualUser(Stack stack, Account account, Exchanges exchanges, RunState state, Duration think, int writePercent) {
        this.stack = stack;
        this.account = account;
        this.exchanges = exchanges;
        this.state = state;
        this.think = think;
        this.writePercent = writePercent;
        this.executor = exchanges.executor();
    }

    /** One login attempt; true when it gave a credential. */
    CompletableFuture<Boolean> login() {
        if (!state.tryStart()) {
            return CompletableFuture.completedFuture(false);
        }
        return exchanges.send(stack.api().login(account)).thenApply(reply -> {
            stack.meter().login(reply);
            credential = Login.credential(reply).orElse(null);
            failedLogins = credential == null ? failedLogins + 1 : 0;
            retryAfter = Login.retryAfter(reply).orElse(Duration.ZERO);
            return credential != null;
        });
    }

    boolean loggedIn() {
        return credential != null;
    }

    /** Starts the loop after {@code delay}; the future completes when the user has stopped. */
    CompletableFuture<Void> start(Duration delay) {
        after(delay);
        return finished;
    }

    private void step() {
        try {
            if (!state.running()) {
                finished.complete(null);
            } else if (credential == null) {
                login().whenComplete((ok, error) -> after(Boolean.TRUE.equals(ok) ? thinkTime() : loginRetry()));
            } else if (!state.tryStart()) {
                finished.complete(null);
            } else {
                Credential current = credential;
                boolean write = ThreadLocalRandom.current().nextInt(100) < writePercent;
                exchanges.send(write ? stack.api().transfer(current) : stack.api().me(current))
                        .thenAccept(this::answered)
                        .exceptionally(this::bug);
            }
        } catch (RuntimeException e) {
            bug(e);
        }
    }

    private void answered(Reply reply) {
        stack.meter().api(reply);
        if (reply.status() == 401) {
            // The stack no longer knows this session (or token): log in again, as a person would.
            credential = null;
            stack.meter().reLogin();
            login().whenComplete((ok, error) -> after(Boolean.TRUE.equals(ok) ? thinkTime() : loginRetry()));
        } else {
            after(thinkTime());
        }
    }

    /** A programming error must not silently stop a user: report it and carry on. */
    private Void bug(Throwable error) {
        System.err.println("virtual user " + account + "@" + stack.name() + ": " + error);
        after(LOGIN_RETRY);
        return null;
    }

    private void after(Duration delay) {
        if (delay.isZero()) {
            executor.execute(this::step);
        } else {
            CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, executor).execute(this::step);
        }
    }

    /**
     * Exponential backoff with jitter (1 s, 2 s, 4 s, at most 8 s, each times 0.5 to 1.5): users who all
     * failed together must not all come back together, or a re-login storm repeats itself. A refusal
     * that says when to come back ({@code Retry-After}, from the login admission control) is obeyed.
     */
    Duration loginRetry() {
        return atLeast(backoff(failedLogins, ThreadLocalRandom.current().nextDouble(0.5, 1.5)), retryAfter);
    }

    static Duration atLeast(Duration backoff, Duration retryAfter) {
        return backoff.compareTo(retryAfter) >= 0 ? backoff : retryAfter;
    }

    static Duration backoff(int failures, double jitter) {
        long base = LOGIN_RETRY.toMillis() << Math.min(Math.max(failures - 1, 0), 10);
        return Duration.ofMillis(Math.round(Math.min(base, LOGIN_RETRY_MAX.toMillis()) * jitter));
    }

    /** Uniform between half and one and a half times the mean, so that users do not march in step. */
    private Duration thinkTime() {
        long mean = think.toNanos();
        return mean == 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(mean / 2, mean + mean / 2 + 1));
    }
}
