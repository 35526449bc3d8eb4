package lab.loadtest.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Carries out a chaos schedule. One clock thread hands each event, when due, to a thread of its own
 * service: actions on one service stay in order (a {@code stop} blocks until the container has
 * stopped, up to 10 s, and the later {@code start} must not overtake it), while actions on different
 * services at the same time really happen together (a Docker call can take a second on a busy
 * machine). Without Docker access each event is announced at its time, for a person to do by hand,
 * and recorded as not executed.
 */
public final class ChaosRunner implements AutoCloseable {
    private final List<ChaosEvent> events;
    private final Optional<ContainerControl> control;
    private final String notExecutedReason;
    private final Consumer<String> log;
    private final List<ChaosRecord> records = new ArrayList<>();
    private final boolean[] started;
    private final ScheduledThreadPoolExecutor clock = new ScheduledThreadPoolExecutor(1, daemon("chaos-clock"));
    private final Map<String, ExecutorService> perService = new ConcurrentHashMap<>();
    private long startNanos;

    public ChaosRunner(List<ChaosEvent> events, Optional<ContainerControl> control, String notExecutedReason,
                       Consumer<String> log) {
        this.events = List.copyOf(events);
        this.control = control;
        this.notExecutedReason = notExecutedReason;
        this.log = log;
        this.started = new boolean[events.size()];
        // At the end of the run, events not yet due are dropped.
        clock.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Schedules every event relative to {@code startNanos} (a {@link System#nanoTime()} value). */
    public void start(long startNanos) {
        this.startNanos = startNanos;
        for (int i = 0; i < events.size(); i++) {
            int index = i;
            ChaosEvent event = events.get(i);
            long delay = startNanos + event.at().toNanos() - System.nanoTime();
            clock.schedule(() -> dispatch(index), Math.max(0, delay), TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void dispatch(int index) {
        started[index] = true;
        ChaosEvent event = events.get(index);
        perService.computeIfAbsent(event.service(), service -> Executors.newSingleThreadExecutor(daemon("chaos-" + service)))
                .execute(() -> run(event));
    }

    private void run(ChaosEvent event) {
        double planned = event.at().toMillis() / 1000.0;
        double startedAt = round((System.nanoTime() - startNanos) / 1e9);
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
            record(new ChaosRecord(planned, event.action().verb(), event.service(), startedAt, took, true, "done"));
        } catch (Exception e) {
            long took = (System.nanoTime() - begin) / 1_000_000;
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.accept("chaos " + event.describe() + ": FAILED: " + why);
            record(new ChaosRecord(planned, event.action().verb(), event.service(), startedAt, took, false, "failed: " + why));
        }
    }

    private synchronized void record(ChaosRecord record) {
        records.add(record);
    }

    /** What happened so far, in the order the actions ended. */
    public synchronized List<ChaosRecord> records() {
        return List.copyOf(records);
    }

    /** Waits for actions in progress (up to 15 s); events not reached are recorded as such. */
    public List<ChaosRecord> finish() {
        clock.shutdown();
        try {
            clock.awaitTermination(1, TimeUnit.SECONDS);
            for (ExecutorService service : perService.values()) {
                service.shutdown();
                service.awaitTermination(15, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (int i = 0; i < events.size(); i++) {
                if (!started[i]) {
                    ChaosEvent event = events.get(i);
                    double planned = event.at().toMillis() / 1000.0;
                    records.add(new ChaosRecord(planned, event.action().verb(), event.service(), planned, 0, false,
                            "not reached: the run ended first"));
                }
            }
            return List.copyOf(records);
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    @Override
    public void close() {
        clock.shutdownNow();
        perService.values().forEach(ExecutorService::shutdownNow);
    }
}
