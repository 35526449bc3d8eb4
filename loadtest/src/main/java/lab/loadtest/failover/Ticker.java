package lab.loadtest.failover;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import lab.loadtest.report.ConsoleLines;
import lab.loadtest.stats.Second;

/** Once a second: each stack's counters become a {@link Second}, printed as one line and kept for the reports. */
final class Ticker {
    private final List<Stack> stacks;
    private final PrintStream out;
    private final Map<Stack, List<Second>> series = new LinkedHashMap<>();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "ticker");
        thread.setDaemon(true);
        return thread;
    });
    private int t;

    Ticker(List<Stack> stacks, PrintStream out) {
        this.stacks = stacks;
        this.out = out;
        stacks.forEach(stack -> series.put(stack, new ArrayList<>()));
    }

    void start() {
        clock.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    /** Stops the clock; what arrived after its last tick becomes one more (partial) second if there was any. */
    Map<Stack, List<Second>> stop() throws InterruptedException {
        clock.shutdown();
        clock.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (this) {
            t++;
            List<Second> last = new ArrayList<>();
            stacks.forEach(stack -> last.add(stack.meter().sample(t)));
            if (last.stream().anyMatch(s -> s.requests() + s.logins() + s.failures() > 0)) {
                for (int i = 0; i < stacks.size(); i++) {
                    series.get(stacks.get(i)).add(last.get(i));
                    out.println(ConsoleLines.second(stacks.get(i).name(), last.get(i)) + "  (after the end)");
                }
            }
            return series;
        }
    }

    private synchronized void tick() {
        t++;
        for (Stack stack : stacks) {
            Second second = stack.meter().sample(t);
            series.get(stack).add(second);
            out.println(ConsoleLines.second(stack.name(), second));
        }
    }
}
