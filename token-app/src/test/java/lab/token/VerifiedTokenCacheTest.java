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
                clock.instant().plusSeconds(900), "", "");
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
    @DisplayName("at most 10,000 tokens are remembered, however many verify")
    void bounded() {
        for (int i = 0; i < 2 * VerifiedTokenCache.CAPACITY; i++) {
            cache.put("token-" + i, claims(Integer.toString(i)));
        }
        assertThat(cache.size()).isEqualTo(VerifiedTokenCache.CAPACITY);
    }

    @Test
    @DisplayName("a token verified within the clock skew after its exp is not remembered")
    void expiredOnArrivalIsNotKept() {
        AccessClaims late = new AccessClaims("alice", List.of("user"), "late", "f", clock.instant().plusSeconds(28_800),
                clock.instant().minusSeconds(5), "", "");
        cache.put("token-late", late);
        assertThat(cache.get("token-late")).isEmpty();
    }
}
