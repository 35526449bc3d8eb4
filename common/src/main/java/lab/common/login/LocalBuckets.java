package lab.common.login;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's own buckets: all there is without Redis (the sticky stack), and the fallback while
 * Redis is unreachable. Bounded, because the keys come from clients: a full bucket is the same as no
 * bucket, so those go first; if a flood of distinct names leaves none full, the map starts over.
 */
final class LocalBuckets {
    private static final int MAX_KEYS = 10_000;

    private record Entry(Bucket bucket, long capacity) {
    }

    private final Map<String, Entry> buckets = new ConcurrentHashMap<>();

    Bucket get(String key, BucketConfiguration configuration) {
        if (buckets.size() >= MAX_KEYS) {
            buckets.values().removeIf(entry -> entry.bucket().getAvailableTokens() >= entry.capacity());
            if (buckets.size() >= MAX_KEYS) {
                buckets.clear();
            }
        }
        return buckets.computeIfAbsent(key, k -> new Entry(
                Bucket.builder().addLimit(configuration.getBandwidths()[0]).build(),
                configuration.getBandwidths()[0].getCapacity())).bucket();
    }
}
