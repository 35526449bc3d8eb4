package lab.loadtest.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import lab.loadtest.http.Reply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import lab.loadtest.http.Exchanges;
import lab.loadtest.stats.Latency;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The closed model: a fixed number of clients, each sending its next request as soon as the previous
 * answer arrives. It finds the maximum throughput at that concurrency; its latencies are those of a
 * system that is never offered more than it can take (the clients wait), so they say little about
 * users who do not wait (see {@link OpenModel}).
 */
public final class ClosedModel {
    private ClosedModel() {
    }

    /**
     * @param total     requests answered during warm-up and measurement (for per-request CPU accounting)
     * @param instances who answered ({@code X-Instance}; {@code (nginx)} for nginx's own answers)
     * @param viaNginx  whether the answers came through nginx (it adds {@code X-Upstream})
     */
    public record Result(int concurrency, double seconds, long requests, long errors, double throughput,
                         Latency latency, long total, Map<String, Long> instances, boolean viaNginx,
                         @JsonIgnore Histogram histogram) {

        /** Several rounds of one target as one result: counts added, histograms merged. */
        public static Result combine(List<Result> rounds) {
            Histogram merged = Latency.newHistogram();
            Map<String, Long> instances = new TreeMap<>();
            double seconds = 0;
            long requests = 0, errors = 0, total = 0;
            boolean viaNginx = false;
            for (Result r : rounds) {
                merged.add(r.histogram());
                r.instances().forEach((name, n) -> instances.merge(name, n, Long::sum));
                seconds += r.seconds();
                requests += r.requests();
                errors += r.errors();
                total += r.total();
                viaNginx |= r.viaNginx();
            }
            return new Result(rounds.get(0).concurrency(), seconds, requests, errors, Math.round(requests / seconds * 10) / 10.0,
                    Latency.of(merged), total, instances, viaNginx, merged);
        }
    }

    public static Result run(Exchanges exchanges, List<HttpClient> clients, Supplier<HttpRequest> requests, int concurrency,
                             Duration warmup, Duration duration) {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        Recorder latencies = new Recorder(3);
        AtomicLong measured = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong total = new AtomicLong();
        Tally tally = new Tally();
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        for (int i = 0; i < concurrency; i++) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loops[i] = done;
            // Loop i always uses client i mod n: its connection stays in that client's pool.
            next(exchanges, clients.get(i % clients.size()), requests, new Window(measureFrom, end), latencies, measured,
                    errors, total, tally, done);
        }
        CompletableFuture.allOf(loops).orTimeout(duration.toSeconds() + warmup.toSeconds() + 60, TimeUnit.SECONDS).join();
        Histogram histogram = latencies.getIntervalHistogram();
        double seconds = duration.toNanos() / 1e9;
        return new Result(concurrency, seconds, measured.get(), errors.get(), Math.round(measured.get() / seconds * 10) / 10.0,
                Latency.of(histogram), total.get(), tally.instances(), tally.viaNginx.get(), histogram);
    }

    private record Window(long from, long to) {
    }

    /** Who answered: the containers on the request path, whose CPU the bench then counts. */
    private static final class Tally {
        final Map<String, LongAdder> instances = new ConcurrentHashMap<>();
        final AtomicBoolean viaNginx = new AtomicBoolean();

        void add(Reply reply) {
            instances.computeIfAbsent(reply.instance(), name -> new LongAdder()).increment();
            if (reply.header("X-Upstream").isPresent() || reply.instance().equals("(nginx)")) {
                viaNginx.set(true);
            }
        }

        Map<String, Long> instances() {
            Map<String, Long> counts = new TreeMap<>();
            instances.forEach((name, count) -> counts.put(name, count.sum()));
            return counts;
        }
    }

    private static void next(Exchanges exchanges, HttpClient client, Supplier<HttpRequest> requests, Window window,
                             Recorder latencies, AtomicLong measured, AtomicLong errors, AtomicLong total, Tally tally,
                             CompletableFuture<Void> done) {
        if (System.nanoTime() >= window.to()) {
            done.complete(null);
            return;
        }
        exchanges.send(client, requests.get()).thenAccept(reply -> {
            total.incrementAndGet();
            tally.add(reply);
            // Counted in the window it was sent in: the last in-flight requests end up in the measurement.
            if (reply.sentNanos() >= window.from() && reply.sentNanos() < window.to()) {
                measured.incrementAndGet();
                latencies.recordValue(Math.max(0, reply.latencyNanos() / 1000));
                if (!reply.success()) {
                    errors.incrementAndGet();
                }
            }
            next(exchanges, client, requests, window, latencies, measured, errors, total, tally, done);
        }).exceptionally(error -> {
            done.completeExceptionally(error);
            return null;
        });
    }
}
