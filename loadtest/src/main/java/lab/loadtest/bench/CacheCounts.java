package lab.loadtest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.Collection;
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

        Gets plus(Gets other) {
            return new Gets(hits + other.hits, misses + other.misses);
        }
    }

    static final CacheCounts NONE = new CacheCounts(Map.of());

    /** How often /health is read at most: behind nginx's round robin, enough to meet four instances and one again. */
    private static final int MAX_READS = 8;

    /**
     * The counts of the target's instances, summed. Behind nginx each read reaches the next instance in
     * turn, so /health is read until an instance answers a second time: the readings before and after a
     * turn then cover the same instances, whichever of them answered first (one reading of one instance
     * before and of the other after would compare two different counters). {@link #NONE} for a plain
     * URL, an instance without caches, or no answer.
     */
    static CacheCounts read(Exchanges exchanges, BenchTarget target, Duration timeout) {
        if (target.plain()) {
            return NONE;
        }
        Map<String, CacheCounts> byInstance = new TreeMap<>();
        for (int read = 0; read < MAX_READS; read++) {
            Reply reply = exchanges.send(Call.get(target.url().resolve("/health"), timeout)).join();
            if (reply.status() != 200) {
                return NONE;
            }
            JsonNode health = tree(reply.body());
            if (byInstance.putIfAbsent(health.path("instance").asText(""), of(health)) != null) {
                break;
            }
        }
        return sum(byInstance.values());
    }

    /** Several instances' counts as one: hits and misses added per cache. */
    static CacheCounts sum(Collection<CacheCounts> instances) {
        Map<String, Gets> total = new TreeMap<>();
        instances.forEach(counts -> counts.byCache.forEach((cache, gets) -> total.merge(cache, gets, Gets::plus)));
        return new CacheCounts(total);
    }

    static CacheCounts parse(String health) {
        return of(tree(health));
    }

    private static CacheCounts of(JsonNode health) {
        Map<String, Gets> counts = new TreeMap<>();
        for (JsonNode cache : health.path("caches")) {
            counts.put(cache.path("cache").asText(), new Gets(cache.path("hits").asLong(), cache.path("misses").asLong()));
        }
        return new CacheCounts(counts);
    }

    /** The body as JSON; a missing node (no instance, no caches) when it is not JSON. */
    private static JsonNode tree(String body) {
        try {
            return Json.mapper().readTree(body);
        } catch (java.io.IOException notJson) {
            return MissingNode.getInstance();
        }
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
            turn.byCache.forEach((cache, gets) -> sum.merge(cache, gets, Gets::plus));
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
