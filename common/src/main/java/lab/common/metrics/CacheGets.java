package lab.common.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hits and misses of one near cache, counted by the cache itself from its first request on and read
 * by Micrometer when scraped, as {@code cache_gets_total{cache, result="hit"|"miss"}} (Micrometer's
 * name for cache lookups). A miss is a request the cache could not answer: it went to Redis.
 */
public final class CacheGets implements MeterBinder {
    private final String cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public CacheGets(String cache) {
        this.cache = cache;
    }

    public void hit() {
        hits.increment();
    }

    public void miss() {
        misses.increment();
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public String cache() {
        return cache;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("cache.gets", hits, LongAdder::sum).tags("cache", cache, "result", "hit")
                .description("requests answered from the near cache").register(registry);
        FunctionCounter.builder("cache.gets", misses, LongAdder::sum).tags("cache", cache, "result", "miss")
                .description("requests the near cache could not answer (they asked Redis)").register(registry);
    }
}
