package lab.token.revocation;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import lab.common.http.Problem;
import lab.common.metrics.CacheGets;
import lab.common.redis.RedisFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The revocation lookup of every request, and the REVOCATION_FAILURE trade-off. With {@code open}, a
 * token is served unchecked only while Redis is <em>known</em> to be down: a circuit breaker that only
 * a refused or unreachable connection opens. A Redis that is up but slow (a read timeout, a client
 * pause, an exhausted pool) is no reason to trust a token that may have been logged out: 503.
 */
public final class RevocationCheck {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationCheck.class);

    /** What the lookup found; {@code SKIPPED}: Redis is down and REVOCATION_FAILURE=open. */
    public enum Outcome { VALID, REVOKED, SKIPPED }

    private final RevocationList list;
    private final boolean failOpen;
    private final Optional<RevocationFeed> nearCache;
    private final CircuitBreaker redisDown;
    private final CacheGets gets = new CacheGets("revocations");
    private final LongAdder redisReads = new LongAdder();

    public RevocationCheck(RevocationList list, boolean failOpen, Optional<RevocationFeed> nearCache) {
        this.list = list;
        this.failOpen = failOpen;
        this.nearCache = nearCache;
        this.redisDown = CircuitBreaker.of("redis-down", CircuitBreakerConfig.custom()
                // One refused connection is proof enough: Redis is not listening.
                .slidingWindow(1, 1, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .failureRateThreshold(100)
                .recordException(RedisFailures::isConnectionFailure)
                // While open, the first request after a second probes Redis; the others wait for its verdict.
                .waitDurationInOpenState(Duration.ofSeconds(1))
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        redisDown.getEventPublisher().onStateTransition(event -> {
            var transition = event.getStateTransition();
            if (transition.getFromState() == CircuitBreaker.State.CLOSED || transition.getToState() == CircuitBreaker.State.CLOSED) {
                LOG.warn("revocation check: Redis {}", transition.getToState() == CircuitBreaker.State.CLOSED
                        ? "accepts connections again: tokens are checked again"
                        : "refuses connections (or cannot be reached): tokens are served on their signature alone while it does");
            }
        });
    }

    /**
     * VALID, REVOKED or SKIPPED; a 503 problem when Redis cannot answer and is not known to be down.
     * With the near cache, a known revocation is refused and a token already found valid is passed
     * without asking Redis (see RevocationFeed for when those answers are trusted).
     */
    public Outcome check(String tokenId, String family, Instant tokenExpires) {
        if (nearCache.isEmpty()) {
            return lookup(tokenId, family);
        }
        RevocationFeed near = nearCache.get();
        if (near.denies(tokenId, family)) {
            gets.hit();
            return Outcome.REVOKED;
        }
        if (near.knownNotRevoked(tokenId)) {
            gets.hit();
            return Outcome.VALID;
        }
        gets.miss();
        long generation = near.generation(); // before the lookup: a break during it keeps its answer out
        Outcome outcome = lookup(tokenId, family);
        switch (outcome) {
            case VALID -> near.rememberNotRevoked(tokenId, tokenExpires, generation);
            case REVOKED -> near.deny("jti", tokenId, tokenExpires); // the token or its login: either way this token
            case SKIPPED -> {
            }
        }
        return outcome;
    }

    /** The near cache's hits and misses, when it is on. */
    public Optional<CacheGets> nearCacheGets() {
        return nearCache.map(near -> gets);
    }

    /** Redis reads of the check (one EXISTS each), and what the near cache received. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("lab.redis.auth.reads", redisReads, LongAdder::sum).tag("for", "revocation")
                .description("Redis round trips made to authenticate a request").register(registry);
        nearCache.ifPresent(near -> near.bindTo(registry));
    }

    private Outcome lookup(String tokenId, String family) {
        if (!failOpen) {
            try {
                return outcome(isRevoked(tokenId, family));
            } catch (JedisException e) {
                throw Problem.unavailable("the revocation list (Redis) is unreachable and REVOCATION_FAILURE=closed");
            }
        }
        try {
            return outcome(redisDown.executeSupplier(() -> isRevoked(tokenId, family)));
        } catch (CallNotPermittedException e) {
            if (redisDown.getState() == CircuitBreaker.State.OPEN) {
                return Outcome.SKIPPED;
            }
            throw Problem.unavailable("Redis was down and another request is probing it now; try again");
        } catch (JedisException e) {
            // This very call may have opened the breaker: then Redis is known to be down.
            if (RedisFailures.isConnectionFailure(e) && redisDown.getState() == CircuitBreaker.State.OPEN) {
                return Outcome.SKIPPED;
            }
            throw Problem.unavailable("the revocation list (Redis) did not answer; tokens are served unchecked "
                    + "only while Redis refuses connections");
        }
    }

    /** One EXISTS, and one more if Redis had closed the pooled connection (it restarted since). */
    private boolean isRevoked(String tokenId, String family) {
        return RedisFailures.retriedIfClosedByRedis(() -> {
            redisReads.increment();
            return list.isRevoked(tokenId, family);
        });
    }

    private static Outcome outcome(boolean revoked) {
        return revoked ? Outcome.REVOKED : Outcome.VALID;
    }
}
