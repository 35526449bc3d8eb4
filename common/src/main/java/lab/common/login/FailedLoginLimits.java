package lab.common.login;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import lab.common.http.Problem;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Token buckets of failed logins, one per user name and one per client address, shared by every
 * instance through Redis (Bucket4j) under {@code ratelimit:login:*}. Before its password is hashed a
 * login only looks whether both buckets still hold a token, so a refused attempt costs no hash; a
 * wrong password then takes one from each. Only failures count, and logins in flight hold nothing:
 * many devices logging in to one account at once are not mistaken for a guessing attack. (Guesses
 * racing each other can overshoot a limit by the logins hashing at that moment, which
 * {@code LOGIN_CONCURRENCY} and {@code LOGIN_QUEUE} bound.) Each key expires once its bucket would
 * be full again.
 */
final class FailedLoginLimits {
    static final String PREFIX = "ratelimit:login:";
    private static final Duration REDIS_PAUSE = Duration.ofSeconds(5);
    private static final ThrottledLog REDIS_DOWN = new ThrottledLog(
            LoggerFactory.getLogger(FailedLoginLimits.class), Duration.ofSeconds(10));

    private record Limit(String kind, BucketConfiguration configuration) {
        String key(String name) {
            return PREFIX + kind + ":" + name;
        }
    }

    private final Limit account;
    private final Limit address;
    private final Optional<ProxyManager<byte[]>> shared;
    private final LocalBuckets local = new LocalBuckets();
    /** After a failure, Redis is left alone for a while: one login must not wait for every timeout in turn. */
    private volatile long redisRetryAt = System.nanoTime();

    FailedLoginLimits(LoginSettings settings, Optional<UnifiedJedis> redis) {
        this.account = new Limit("account", configuration(settings.perAccount()));
        this.address = new Limit("address", configuration(settings.perAddress()));
        this.shared = redis.map(client -> Bucket4jJedis.casBasedBuilder(client)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build());
    }

    /** Before the hash: a 429 problem when the account or the address has no failure left; takes nothing. */
    void admit(String username, String clientAddress) {
        for (Limit limit : List.of(account, address)) {
            String key = limit.key(limit == account ? username : clientAddress);
            EstimationProbe probe = onBucket(key, limit, bucket -> bucket.estimateAbilityToConsume(1));
            if (!probe.canBeConsumed()) {
                throw tooMany(probe.getNanosToWaitForRefill());
            }
        }
    }

    /** After a wrong password: one failure less for the account and for the address. */
    void recordFailure(String username, String clientAddress) {
        onBucket(account.key(username), account, bucket -> bucket.tryConsume(1));
        onBucket(address.key(clientAddress), address, bucket -> bucket.tryConsume(1));
    }

    /** On the shared bucket; on this instance's own when there is no Redis or it cannot be reached. */
    private <T> T onBucket(String key, Limit limit, Function<Bucket, T> operation) {
        if (shared.isPresent() && System.nanoTime() - redisRetryAt >= 0) {
            try {
                return operation.apply(shared.get().builder()
                        .build(key.getBytes(StandardCharsets.UTF_8), limit::configuration));
            } catch (JedisException e) {
                redisRetryAt = System.nanoTime() + REDIS_PAUSE.toNanos();
                REDIS_DOWN.warn("login limits: Redis unreachable (" + e.getClass().getSimpleName()
                        + "), counting in this instance only");
            }
        }
        return operation.apply(local.get(key, limit.configuration()));
    }

    private static Problem tooMany(long nanosToWait) {
        long seconds = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
        return new Problem(429, "too-many-login-attempts", "Too many failed logins",
                "too many failed logins for this account or from this address; try again in " + seconds + " s",
                Map.of("Retry-After", Long.toString(seconds)));
    }

    private static BucketConfiguration configuration(LoginSettings.Limit limit) {
        return BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.failures()).refillGreedy(1, limit.refill()))
                .build();
    }
}
