package lab.loadtest.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries out a chaos schedule on one thread, in order: a {@code stop} blocks until the container has
 * stopped (up to 10 s), and a later {@code start} of the same service must not overtake it. Without
 * Docker access each event is announced at its time, for a person to do by hand, and recorded as
 * not executed.
 */
public final class ChaosRunner implements AutoCloseable {
    private final List<ChaosEvent> events;
    private final Optional<ContainerControl> control;
    private final String notExecutedReason;
    private final Consumer<String> log;
    private final List<ChaosRecord> records = new ArrayList<>();
    private final ScheduledThreadPoolExecutor thread = new ScheduledThreadPoolExecutor(1, runnable -> {
        Thread t = new Thread(runnable, "chaos");
        t.setDaemon(true);
        return t;
    });
    private long startNanos;

    public ChaosRunner(List<ChaosEvent> events, Optional<ContainerControl> control, String notExecutedReason,
                       Consumer<String> log) {
        this.events = List.copyOf(events);
        this.control = control;
        this.notExecutedReason = notExecutedReason;
        this.log = log;
        // At the end of the run, events not yet due are dropped; one in progress completes.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Schedules every event relative to {@code startNanos} (a {@link System#nanoTime()} value). */
    public void start(long startNanos) {
        this.startNanos = startNanos;
        for (ChaosEvent event : events) {
            long delay = startNanos + event.at().toNanos() - System.nanoTime();
            thread.schedule(() -> run(event), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
    }

    private void run(ChaosEvent event) {
        double planned = event.at().toMillis() / 1000.0;
        double started = seconds(System.nanoTime());
        if (control.isEmpty()) {
            log.accept("chaos " + event.describe() + ": NOT EXECUTED (" + notExecutedReason + "); do it by hand now: " + event.byHand());
            record(new ChaosRecord(planned, event.action().verb(), event.service(), planned, 0, false,
                    "not executed: " + notExecutedReason));
            return;
        }
        long begin = System.nanoTime();
        try {
            control.get().apply(event.action(), event.service());
            long took = (System.nanoTime() - begin) / 1_000_000;
            log.accept("chaos " + event.describe() + ": done in " + took + " ms");
            record(new ChaosRecord(planned, event.action().verb(), event.service(), round(started), took, true, "done"));
        } catch (Exception e) {
            long took = (System.nanoTime() - begin) / 1_000_000;
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.accept("chaos " + event.describe() + ": FAILED: " + why);
            record(new ChaosRecord(planned, event.action().verb(), event.service(), round(started), took, false,
                    "failed: " + why));
        }
    }

    /** What happened so far, in the order it happened. */
    public synchronized List<ChaosRecord> records() {
        return List.copyOf(records);
    }

    /** Events planned but not reached (the run ended first) are recorded as such. */
    public List<ChaosRecord> finish() {
        thread.shutdown();
        try {
            thread.awaitTermination(15, TimeUnit.SECONDS); // an action in progress finishes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            return recordUnreached();
        }
    }

    private List<ChaosRecord> recordUnreached() {
        for (ChaosEvent event : events.subList(records.size(), events.size())) {
            double planned = event.at().toMillis() / 1000.0;
            records.add(new ChaosRecord(planned, event.action().verb(), event.service(), planned, 0, false,
                    "not reached: the run ended first"));
        }
        return List.copyOf(records);
    }

    private synchronized void record(ChaosRecord record) {
        records.add(record);
    }

    private double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
