package lab.loadtest.stats;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import lab.loadtest.http.Reply;

/**
 * The counters of one stack, written by many completion threads and read once a second. HdrHistogram's
 * {@link Recorder} gives each second its own histogram without locking the writers; the counters are
 * swapped to zero with {@code getAndSet}, which loses nothing.
 */
public final class Meter {
    private final Recorder latencies = new Recorder(3);
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final AtomicLong otherErrors = new AtomicLong();
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong reLogins = new AtomicLong();
    private final Map<String, AtomicLong> instances = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
    private final Histogram total = Latency.newHistogram();
    private final Histogram loginLatency = Latency.newHistogram();
    private Histogram interval;

    /** An API request finished. */
    public void api(Reply reply) {
        requests.incrementAndGet();
        latencies.recordValue(Math.max(0, reply.latencyNanos() / 1000));
        instances.computeIfAbsent(reply.instance(), name -> new AtomicLong()).incrementAndGet();
        switch (reply.outcome()) {
            case OK -> ok.incrementAndGet();
            case UNAUTHORIZED -> unauthorized.incrementAndGet();
            case SERVER_ERROR -> serverErrors.incrementAndGet();
            case OTHER_ERROR -> otherErrors.incrementAndGet();
        }
        countError("", reply);
    }

    /** A login finished (its errors count with the others; its latency is kept apart). */
    public void login(Reply reply) {
        logins.incrementAndGet();
        switch (reply.outcome()) {
            case OK -> recordLoginLatency(reply.latencyNanos());
            case SERVER_ERROR -> serverErrors.incrementAndGet();
            case UNAUTHORIZED, OTHER_ERROR -> otherErrors.incrementAndGet();
        }
        countError("login ", reply);
    }

    /** Which error it was, so that a report can tell a timeout from a refused connection from a 502. */
    private void countError(String prefix, Reply reply) {
        Reply.Outcome outcome = reply.outcome();
        if (outcome == Reply.Outcome.OK || (outcome == Reply.Outcome.UNAUTHORIZED && prefix.isEmpty())) {
            return;
        }
        errors.computeIfAbsent(prefix + reply.describe(), k -> new AtomicLong()).incrementAndGet();
    }

    /** A user got a 401 and logs in again. */
    public void reLogin() {
        reLogins.incrementAndGet();
    }

    /** The second that just ended, with the counters reset for the next one. Called by one thread. */
    public Second sample(int t) {
        interval = latencies.getIntervalHistogram(interval);
        total.add(interval);
        return new Second(t, requests.getAndSet(0), ok.getAndSet(0), unauthorized.getAndSet(0),
                serverErrors.getAndSet(0), otherErrors.getAndSet(0), logins.getAndSet(0), reLogins.getAndSet(0),
                Latency.of(interval), drain(instances), drain(errors));
    }

    private static Map<String, Long> drain(Map<String, AtomicLong> counts) {
        Map<String, Long> values = new TreeMap<>();
        counts.forEach((name, count) -> {
            long n = count.getAndSet(0);
            if (n > 0) {
                values.put(name, n);
            }
        });
        return values;
    }

    /** All API latencies sampled so far. */
    public Latency totalLatency() {
        return Latency.of(total);
    }

    /** Successful login latencies so far; their minimum approximates the CPU one login costs the server. */
    public synchronized Latency loginLatency() {
        return Latency.of(loginLatency);
    }

    private synchronized void recordLoginLatency(long nanos) {
        loginLatency.recordValue(Math.max(0, nanos / 1000));
    }
}
