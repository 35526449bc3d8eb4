package lab.common.login;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.jedis.Bucket4jJedis;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import lab.common.http.Problem;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Token buckets of failed logins, one per user name and one per client address, shared by every
 * instance through Redis (Bucket4j) under {@code ratelimit:login:*}. A login takes a token from
 * both before its password is hashed, so a refused attempt costs no hash, and gives them back when
 * the password was right: only failures count. Each key expires once its bucket would be full again.
 */
final class FailedLoginLimits {
    static final String PREFIX = "ratelimit:login:";
    private static final Duration REDIS_PAUSE = Duration.ofSeconds(5);
    private static final ThrottledLog REDIS_DOWN = new ThrottledLog(
            LoggerFactory.getLogger(FailedLoginLimits.class), Duration.ofSeconds(10));

    /** What a login has taken; {@link #refund()} it when the password was right. */
    interface Charge {
        void refund();
    }

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

    FailedLoginLimits(LoginSettings settings, Optional<RedisClient> redis) {
        this.account = new Limit("account", configuration(settings.perAccount()));
        this.address = new Limit("address", configuration(settings.perAddress()));
        this.shared = redis.map(client -> Bucket4jJedis.casBasedBuilder(client)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build());
    }

    /** Takes one token per limit, or throws a 429 problem (and takes nothing) when either is empty. */
    Charge charge(String username, String clientAddress) {
        String accountKey = account.key(username);
        String addressKey = address.key(clientAddress);
        ConsumptionProbe byAccount = onBucket(accountKey, account, bucket -> bucket.tryConsumeAndReturnRemaining(1));
        if (!byAccount.isConsumed()) {
            throw tooMany(byAccount);
        }
        ConsumptionProbe byAddress = onBucket(addressKey, address, bucket -> bucket.tryConsumeAndReturnRemaining(1));
        if (!byAddress.isConsumed()) {
            refund(accountKey, account);
            throw tooMany(byAddress);
        }
        return () -> {
            refund(accountKey, account);
            refund(addressKey, address);
        };
    }

    private void refund(String key, Limit limit) {
        onBucket(key, limit, bucket -> {
            bucket.addTokens(1);
            return null;
        });
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

    private static Problem tooMany(ConsumptionProbe probe) {
        long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
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
