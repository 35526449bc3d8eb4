package lab.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tokens whose signature and claims have verified, remembered until their {@code exp}, so that a client
 * calling often costs one SHA-256 instead of a signature check and a JSON parse. Only successes go in;
 * revocation is not part of it (it is checked on every request). Bounded: the least recently used
 * token makes room. Keys are SHA-256 digests, so comparing keys reveals nothing about other tokens.
 */
final class VerifiedTokenCache {
    static final int CAPACITY = 10_000;

    private final Clock clock;
    private final Map<String, AccessClaims> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AccessClaims> eldest) {
            return size() > CAPACITY;
        }
    };

    VerifiedTokenCache(Clock clock) {
        this.clock = clock;
    }

    /** The claims of a token verified before and not expired yet. */
    Optional<AccessClaims> get(String token) {
        String key = digest(token);
        synchronized (entries) {
            AccessClaims claims = entries.get(key);
            if (claims != null && !clock.instant().isBefore(claims.expiresAt())) {
                // From exp on, the full check decides (it allows CLOCK_SKEW, then refuses).
                entries.remove(key);
                return Optional.empty();
            }
            return Optional.ofNullable(claims);
        }
    }

    void put(String token, AccessClaims claims) {
        String key = digest(token);
        synchronized (entries) {
            entries.put(key, claims);
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
