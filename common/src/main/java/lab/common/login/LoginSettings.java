package lab.common.login;

import java.time.Duration;
import lab.common.config.Env;

/**
 * How much password hashing an instance admits, and how many failed logins it forgives.
 *
 * @param concurrency   {@code LOGIN_CONCURRENCY}, default the number of processors: password hashes
 *                      computed at once (each costs a tenth of a second or more of one core)
 * @param queue         {@code LOGIN_QUEUE}, default twice the processors: logins that may wait for a
 *                      hashing slot; beyond that a login is refused at once with 503
 * @param queueTimeout  {@code LOGIN_QUEUE_TIMEOUT_MS}, default 1000: the longest wait in that queue,
 *                      kept well under nginx's read timeout for logins (15 s)
 * @param perAccount    {@code LOGIN_ACCOUNT_FAILURES} (default 5) failed logins per user name, then
 *                      one more every {@code LOGIN_ACCOUNT_REFILL_SECONDS} (default 60)
 * @param perAddress    {@code LOGIN_ADDRESS_FAILURES} (default 20) failed logins per client address,
 *                      then one more every {@code LOGIN_ADDRESS_REFILL_SECONDS} (default 1)
 */
public record LoginSettings(int concurrency, int queue, Duration queueTimeout, Limit perAccount, Limit perAddress) {

    /** A token bucket: {@code failures} at once, then one more every {@code refill}. */
    public record Limit(int failures, Duration refill) {
    }

    public static LoginSettings from(Env env) {
        int processors = Runtime.getRuntime().availableProcessors();
        return new LoginSettings(
                env.integer("LOGIN_CONCURRENCY", processors, 1, 1024),
                env.integer("LOGIN_QUEUE", 2 * processors, 0, 10_000),
                Duration.ofMillis(env.integer("LOGIN_QUEUE_TIMEOUT_MS", 1000, 0, 10_000)),
                limit(env, "LOGIN_ACCOUNT", 5, 60),
                limit(env, "LOGIN_ADDRESS", 20, 1));
    }

    private static Limit limit(Env env, String prefix, int failures, int refillSeconds) {
        return new Limit(env.integer(prefix + "_FAILURES", failures, 1, 1_000_000),
                Duration.ofSeconds(env.integer(prefix + "_REFILL_SECONDS", refillSeconds, 1, 86_400)));
    }
}
