package lab.token;

import com.github.benmanes.caffeine.cache.Cache;
import java.time.Clock;
import java.util.Optional;
import lab.common.auth.OpaqueTokens;
import lab.common.metrics.CacheGets;
import lab.common.redis.ExpiringCache;

/**
 * Tokens whose signature and claims have verified, remembered until their {@code exp}, so that a client
 * calling often costs one SHA-256 instead of a signature check and a JSON parse. Only successes go in;
 * revocation is not part of it (it is checked on every request). Bounded (Caffeine evicts the tokens
 * least likely to be used again). Keys are SHA-256 digests, so comparing keys reveals nothing about
 * other tokens.
 */
final class VerifiedTokenCache {
    static final int CAPACITY = 10_000;

    private final Cache<String, AccessClaims> entries;
    private final CacheGets gets = new CacheGets("verified-tokens");

    VerifiedTokenCache(Clock clock) {
        // From exp on, the full check decides (it allows CLOCK_SKEW, then refuses).
        this.entries = ExpiringCache.build(clock, CAPACITY, AccessClaims::expiresAt);
    }

    /** The claims of a token verified before and not expired yet. */
    Optional<AccessClaims> get(String token) {
        AccessClaims claims = entries.getIfPresent(OpaqueTokens.sha256Hex(token));
        if (claims == null) {
            gets.miss();
        } else {
            gets.hit();
        }
        return Optional.ofNullable(claims);
    }

    CacheGets gets() {
        return gets;
    }

    void put(String token, AccessClaims claims) {
        entries.put(OpaqueTokens.sha256Hex(token), claims);
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

}
