package lab.loadtest.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import lab.loadtest.http.Call;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.Lanes;
import lab.loadtest.http.Reply;
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

    public static Result run(Exchanges exchanges, Supplier<Call> calls, int concurrency, Duration warmup, Duration duration) {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        Counts counts = new Counts(measureFrom, measureFrom + duration.toNanos());
        CompletableFuture<?>[] loops = new CompletableFuture<?>[concurrency];
        Lanes.Lane[] lanes = new Lanes.Lane[concurrency];
        try {
            for (int i = 0; i < concurrency; i++) {
                lanes[i] = exchanges.lane();
                loops[i] = new Loop(lanes[i], calls, counts, new CompletableFuture<>()).start();
            }
            CompletableFuture.allOf(loops).orTimeout(duration.toSeconds() + warmup.toSeconds() + 60, TimeUnit.SECONDS).join();
        } finally {
            for (Lanes.Lane lane : lanes) {
                if (lane != null) {
                    lane.close();
                }
            }
        }
        return counts.result(concurrency, duration);
    }

    /** One client that sends its next request when the answer to the previous one has arrived. */
    private record Loop(Lanes.Lane lane, Supplier<Call> calls, Counts counts, CompletableFuture<Void> done) {
        CompletableFuture<Void> start() {
            next();
            return done;
        }

        private void next() {
            if (System.nanoTime() >= counts.to) {
                done.complete(null);
                return;
            }
            lane.send(calls.get()).thenAccept(reply -> {
                counts.add(reply);
                next();
            }).exceptionally(error -> {
                done.completeExceptionally(error);
                return null;
            });
        }
    }

    /**
     * What all loops count, written from the I/O threads: every answer, and those sent within the
     * measurement window [from, to). An answer counts in the window it was sent in: the last requests in
     * flight end up in the measurement.
     */
    private static final class Counts {
        final long from;
        final long to;
        final Recorder latencies = new Recorder(3);
        final LongAdder measured = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder total = new LongAdder();
        final Map<String, LongAdder> instances = new ConcurrentHashMap<>();
        final AtomicBoolean viaNginx = new AtomicBoolean();

        Counts(long from, long to) {
            this.from = from;
            this.to = to;
        }

        void add(Reply reply) {
            total.increment();
            tally(reply);
            if (reply.sentNanos() >= from && reply.sentNanos() < to) {
                measured.increment();
                latencies.recordValue(Math.max(0, reply.latencyNanos() / 1000));
                if (!reply.success()) {
                    errors.increment();
                }
            }
        }

        /** Who answered: the containers on the request path, whose CPU the bench then counts. */
        private void tally(Reply reply) {
            String instance = reply.instance();
            instances.computeIfAbsent(instance, name -> new LongAdder()).increment();
            if (!viaNginx.get() && (instance.equals("(nginx)") || reply.header("X-Upstream").isPresent())) {
                viaNginx.set(true);
            }
        }

        Result result(int concurrency, Duration duration) {
            Histogram histogram = latencies.getIntervalHistogram();
            double seconds = duration.toNanos() / 1e9;
            Map<String, Long> answered = new TreeMap<>();
            instances.forEach((name, count) -> answered.put(name, count.sum()));
            return new Result(concurrency, seconds, measured.sum(), errors.sum(), Math.round(measured.sum() / seconds * 10) / 10.0,
                    Latency.of(histogram), total.sum(), answered, viaNginx.get(), histogram);
        }
    }
}
