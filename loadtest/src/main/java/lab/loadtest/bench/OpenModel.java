package lab.loadtest.bench;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import lab.loadtest.http.Call;
import lab.loadtest.http.Exchanges;
import lab.loadtest.stats.Latency;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The open model: requests arrive at a fixed rate whatever the server does, as independent users
 * would. Request i is due at {@code start + i / rate}; its latency is counted from that intended
 * time, not from when it was actually sent, so time spent queued behind a slow server is part of
 * the result (no "coordinated omission"). The uncorrected service time is kept alongside, and how
 * late the generator itself sent requests ({@code maxSendLagMs}): a large lag means the generator
 * could not keep the schedule and the corrected numbers include its own delay.
 */
public final class OpenModel {
    private OpenModel() {
    }

    public record Result(double rate, double seconds, long requests, long errors, double achievedRate,
                         Latency latency, Latency serviceTime, double maxSendLagMs, long total,
                         @JsonIgnore Histogram corrected, @JsonIgnore Histogram service) {

        /** Several rounds of one target as one result: counts added, histograms merged. */
        public static Result combine(List<Result> rounds) {
            Histogram correctedAll = Latency.newHistogram();
            Histogram serviceAll = Latency.newHistogram();
            double seconds = 0, lag = 0;
            long requests = 0, errors = 0, total = 0;
            for (Result r : rounds) {
                correctedAll.add(r.corrected());
                serviceAll.add(r.service());
                seconds += r.seconds();
                requests += r.requests();
                errors += r.errors();
                total += r.total();
                lag = Math.max(lag, r.maxSendLagMs());
            }
            return new Result(rounds.get(0).rate(), seconds, requests, errors, Math.round(total / seconds * 10) / 10.0,
                    Latency.of(correctedAll), Latency.of(serviceAll), lag, total, correctedAll, serviceAll);
        }
    }

    public static Result run(Exchanges exchanges, Supplier<Call> calls, double rate,
                             Duration duration, int maxInFlight) throws InterruptedException {
        long interval = Math.max(1, Math.round(1e9 / rate));
        long start = System.nanoTime() + 10_000_000L; // a moment to settle before the first due time
        long end = start + duration.toNanos();
        Recorder corrected = new Recorder(3);
        Recorder service = new Recorder(3);
        AtomicLong answered = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long maxLag = 0;
        // Bounds memory when the server stops answering; waiting for a slot delays the send, and that
        // delay is counted, because latency runs from the intended time.
        Semaphore slots = new Semaphore(maxInFlight);
        long sent = 0;
        for (long intended = start; intended < end; intended = start + (++sent) * interval) {
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            slots.acquire();
            long due = intended;
            maxLag = Math.max(maxLag, System.nanoTime() - due);
            exchanges.sendDiscardingBody(calls.get()).thenAccept(reply -> {
                corrected.recordValue(Math.max(0, (reply.receivedNanos() - due) / 1000));
                service.recordValue(Math.max(0, reply.latencyNanos() / 1000));
                answered.incrementAndGet();
                if (!reply.success()) {
                    errors.incrementAndGet();
                }
                slots.release();
            });
        }
        // The last requests are answered (or time out: the request timeout bounds this).
        if (!slots.tryAcquire(maxInFlight, 30, TimeUnit.SECONDS)) {
            System.err.println("open model: requests still unanswered 30 s after the end");
        }
        double seconds = duration.toNanos() / 1e9;
        Histogram correctedHistogram = corrected.getIntervalHistogram();
        Histogram serviceHistogram = service.getIntervalHistogram();
        return new Result(rate, seconds, sent, errors.get(), Math.round(answered.get() / seconds * 10) / 10.0,
                Latency.of(correctedHistogram), Latency.of(serviceHistogram), Math.round(maxLag / 1000.0) / 1000.0,
                answered.get(), correctedHistogram, serviceHistogram);
    }
}
