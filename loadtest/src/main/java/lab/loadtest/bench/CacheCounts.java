package lab.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lab.loadtest.http.Call;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.Reply;
import lab.loadtest.report.Json;

/**
 * What an instance answered from its memory: the {@code caches} of its {@code GET /health} (the same
 * Micrometer counters as its {@code /metrics}: hits and misses per cache), at one moment. Read around
 * every closed-model turn of a target, their difference says how many of its requests a near cache or
 * the verified-token cache answered without a Redis round trip or a signature check.
 */
record CacheCounts(Map<String, Gets> byCache) {

    record Gets(long hits, long misses) {
        Gets minus(Gets before) {
            return new Gets(hits - before.hits, misses - before.misses);
        }
    }

    static final CacheCounts NONE = new CacheCounts(Map.of());

    /** The target's instance's counts; {@link #NONE} for a plain URL, an instance without caches, or no answer. */
    static CacheCounts read(Exchanges exchanges, BenchTarget target, Duration timeout) {
        if (target.plain()) {
            return NONE;
        }
        Reply reply = exchanges.send(Call.get(target.url().resolve("/health"), timeout)).join();
        return reply.status() == 200 ? parse(reply.body()) : NONE;
    }

    static CacheCounts parse(String health) {
        Map<String, Gets> counts = new TreeMap<>();
        try {
            for (JsonNode cache : Json.mapper().readTree(health).path("caches")) {
                counts.put(cache.path("cache").asText(), new Gets(cache.path("hits").asLong(), cache.path("misses").asLong()));
            }
        } catch (java.io.IOException notJson) {
            return NONE;
        }
        return new CacheCounts(counts);
    }

    /** The gets between {@code before} and now; a cache missing from either (a restart) is left out. */
    CacheCounts since(CacheCounts before) {
        Map<String, Gets> delta = new TreeMap<>();
        byCache.forEach((cache, now) -> {
            Gets then = before.byCache.get(cache);
            if (then != null && now.hits() >= then.hits() && now.misses() >= then.misses()) {
                delta.put(cache, now.minus(then));
            }
        });
        return new CacheCounts(delta);
    }

    /** Hits / (hits + misses) per cache over several turns; a cache that saw no get is left out. */
    static Map<String, Double> hitRatios(List<CacheCounts> turns) {
        Map<String, Gets> sum = new TreeMap<>();
        for (CacheCounts turn : turns) {
            turn.byCache.forEach((cache, gets) -> sum.merge(cache, gets,
                    (a, b) -> new Gets(a.hits() + b.hits(), a.misses() + b.misses())));
        }
        Map<String, Double> ratios = new TreeMap<>();
        sum.forEach((cache, gets) -> {
            long total = gets.hits() + gets.misses();
            if (total > 0) {
                ratios.put(cache, ServerCost.round((double) gets.hits() / total));
            }
        });
        return ratios;
    }
}
