package lab.common.redis;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A bounded cache in which each entry lives until an instant of its own (a token's end, a session's
 * next touch), read or not, on the given clock. Caffeine evicts the entries least likely to be used
 * again once it is full.
 */
public final class ExpiringCache {
    private ExpiringCache() {
    }

    public static <K, V> Cache<K, V> build(Clock clock, int capacity, Function<V, Instant> until) {
        return Caffeine.newBuilder()
                .maximumSize(capacity)
                .expireAfter(Expiry.<K, V>creating((key, value) -> timeLeft(clock, until.apply(value))))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run) // housekeeping on the calling thread: no pool of its own
                .build();
    }

    private static Duration timeLeft(Clock clock, Instant until) {
        Duration left = Duration.between(clock.instant(), until);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
