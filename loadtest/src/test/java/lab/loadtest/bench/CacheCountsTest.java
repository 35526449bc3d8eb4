package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cache counts from an instance's /health")
class CacheCountsTest {

    private static final String BEFORE = """
            {"status":"up","instance":"token-app-1","redis":"up","caches":[
              {"cache":"revocations","hits":100,"misses":10},{"cache":"verified-tokens","hits":50,"misses":5}]}""";
    private static final String AFTER = """
            {"status":"up","instance":"token-app-1","redis":"up","caches":[
              {"cache":"revocations","hits":190,"misses":20},{"cache":"verified-tokens","hits":150,"misses":5}]}""";

    @Test
    @DisplayName("turn the hits and misses between two readings into a share answered from memory, per cache")
    void hitRatios() {
        CacheCounts turn = CacheCounts.parse(AFTER).since(CacheCounts.parse(BEFORE));
        assertThat(CacheCounts.hitRatios(List.of(turn))).isEqualTo(Map.of("revocations", 0.9, "verified-tokens", 1.0));
        CacheCounts second = CacheCounts.parse("""
                {"caches":[{"cache":"revocations","hits":0,"misses":100}]}""").since(CacheCounts.parse("""
                {"caches":[{"cache":"revocations","hits":0,"misses":0}]}"""));
        // weighted by gets, not averaged per turn: 90 hits of 200 gets
        assertThat(CacheCounts.hitRatios(List.of(turn, second))).containsEntry("revocations", 0.45);
    }

    @Test
    @DisplayName("add up the instances behind one URL, so that readings through nginx compare the same counters")
    void instancesSummed() {
        CacheCounts other = CacheCounts.parse("""
                {"instance":"token-app-2","caches":[{"cache":"revocations","hits":1000,"misses":1}]}""");
        CacheCounts both = CacheCounts.sum(List.of(CacheCounts.parse(BEFORE), other));
        assertThat(both.byCache()).containsEntry("revocations", new CacheCounts.Gets(1100, 11))
                .containsEntry("verified-tokens", new CacheCounts.Gets(50, 5));
    }

    @Test
    @DisplayName("leave out what cannot be compared: no caches, not JSON, a restart in between")
    void nothingToCompare() {
        assertThat(CacheCounts.parse("{\"status\":\"up\"}").byCache()).isEmpty();
        assertThat(CacheCounts.parse("<html>").byCache()).isEmpty();
        CacheCounts restarted = CacheCounts.parse("""
                {"caches":[{"cache":"revocations","hits":3,"misses":1}]}""");
        assertThat(restarted.since(CacheCounts.parse(BEFORE)).byCache()).isEmpty();
        assertThat(CacheCounts.hitRatios(List.of(CacheCounts.NONE))).isEmpty();
    }
}
