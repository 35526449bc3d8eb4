package lab.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lab.common.testing.MutableClock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the verified-token cache, alone")
class VerifiedTokenCacheTest {
    private final MutableClock clock = new MutableClock();
    private final VerifiedTokenCache cache = new VerifiedTokenCache(clock);

    private AccessClaims claims(String id) {
        return new AccessClaims("alice", List.of("user"), id, "f", clock.instant().plusSeconds(28_800),
                clock.instant().plusSeconds(900));
    }

    @Test
    @DisplayName("an entry is answered until its exp, and not from exp on")
    void entriesLiveUntilExp() {
        cache.put("token-1", claims("1"));
        clock.advance(Duration.ofSeconds(899));
        assertThat(cache.get("token-1")).map(AccessClaims::id).contains("1");
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("token-1")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    @DisplayName("at most 10,000 tokens are remembered; the least recently used one makes room")
    void boundedLeastRecentlyUsed() {
        for (int i = 0; i < VerifiedTokenCache.CAPACITY; i++) {
            cache.put("token-" + i, claims(Integer.toString(i)));
        }
        cache.get("token-0");
        cache.put("one-more", claims("new"));
        assertThat(cache.size()).isEqualTo(VerifiedTokenCache.CAPACITY);
        assertThat(cache.get("token-0")).isPresent();
        assertThat(cache.get("token-1")).isEmpty();
        assertThat(cache.get("one-more")).isPresent();
    }
}
