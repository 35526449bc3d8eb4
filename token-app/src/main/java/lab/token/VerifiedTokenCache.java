package lab.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import lab.common.auth.OpaqueTokens;

/**
 * Tokens whose signature and claims have verified, remembered until their {@code exp}, so that a client
 * calling often costs one SHA-256 instead of a signature check and a JSON parse. Only successes go in;
 * revocation is not part of it (it is checked on every request). Bounded (Caffeine evicts the tokens
 * least likely to be used again). Keys are SHA-256 digests, so comparing keys reveals nothing about
 * other tokens.
 */
final class VerifiedTokenCache {
    static final int CAPACITY = 10_000;

    private final Clock clock;
    private final Cache<String, AccessClaims> entries;

    VerifiedTokenCache(Clock clock) {
        this.clock = clock;
        this.entries = Caffeine.newBuilder()
                .maximumSize(CAPACITY)
                // From exp on, the full check decides (it allows CLOCK_SKEW, then refuses).
                .expireAfter(Expiry.<String, AccessClaims>creating((key, claims) -> untilExp(claims)))
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run) // housekeeping on the calling thread: no pool of its own
                .build();
    }

    /** The claims of a token verified before and not expired yet. */
    Optional<AccessClaims> get(String token) {
        return Optional.ofNullable(entries.getIfPresent(OpaqueTokens.sha256Hex(token)));
    }

    void put(String token, AccessClaims claims) {
        entries.put(OpaqueTokens.sha256Hex(token), claims);
    }

    private Duration untilExp(AccessClaims claims) {
        Duration left = Duration.between(clock.instant(), claims.expiresAt());
        return left.isNegative() ? Duration.ZERO : left; // verified within CLOCK_SKEW after exp: not kept
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

}
