package lab.common.login;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import lab.common.http.Problem;

/**
 * Bounds the CPU that logins take: at most {@code concurrency} password hashes at once, at most
 * {@code queue} more logins waiting (each at most {@code timeout}), and everyone beyond that refused
 * at once. A 503, not a 429: it is the server that is busy, not this client misbehaving; so the
 * users already logged in keep their share of the CPU.
 */
final class LoginAdmission {
    private final int capacity;
    private final Semaphore admitted;  // hashing plus waiting
    private final Semaphore hashing;   // fair: the queue is first come, first served
    private final Duration timeout;

    LoginAdmission(int concurrency, int queue, Duration timeout) {
        this.capacity = concurrency + queue;
        this.admitted = new Semaphore(capacity);
        this.hashing = new Semaphore(concurrency, true);
        this.timeout = timeout;
    }

    <T> T run(Supplier<T> hash) {
        if (!admitted.tryAcquire()) {
            throw overloaded("too many logins are waiting");
        }
        try {
            if (!hashing.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw overloaded("no hashing slot became free in time");
            }
            try {
                return hash.get();
            } finally {
                hashing.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw overloaded("interrupted while waiting");
        } finally {
            admitted.release();
        }
    }

    /** Logins hashing or waiting right now (for tests and their awaits). */
    int inside() {
        return capacity - admitted.availablePermits();
    }

    private static Problem overloaded(String detail) {
        return new Problem(503, "login-overloaded", "Too many logins at once",
                detail + "; try again in a second", Map.of("Retry-After", "1"));
    }
}
