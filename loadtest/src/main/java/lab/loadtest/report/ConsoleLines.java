package lab.loadtest.report;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import lab.loadtest.chaos.ChaosRecord;
import lab.loadtest.failover.FailoverResult;
import lab.loadtest.failover.StackResult;
import lab.loadtest.failover.StackSummary;
import lab.loadtest.stats.Second;

/** The text a failover run prints: one line per second and stack, and the side-by-side summary (Markdown). */
public final class ConsoleLines {
    private ConsoleLines() {
    }

    /** e.g. {@code [  12s] redis    req    245  ok    245  401    0  5xx    0  err    0  relogin    0  p50   1.92 ms  p99  12.30 ms  session-app-1:122 session-app-2:123}. */
    public static String second(String stack, Second s) {
        String served = s.instances().entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(" "));
        return String.format(Locale.ROOT,
                "[%4ds] %-8s req %6d  ok %6d  401 %4d  5xx %4d  err %4d  relogin %4d  login %3d  p50 %7.2f ms  p99 %8.2f ms  %s%s",
                s.t(), stack, s.requests(), s.ok(), s.unauthorized(), s.serverErrors(), s.otherErrors(), s.reLogins(),
                s.logins(), s.latency().p50(), s.latency().p99(), served,
                s.errors().isEmpty() ? "" : "  " + s.errors());
    }

    /** The summary table, one column per stack, then the chaos events. Markdown, readable as plain text too. */
    public static String failoverSummary(FailoverResult result) {
        List<StackResult> stacks = result.stacks();
        StringBuilder table = new StringBuilder();
        table.append("| ").append(String.format(Locale.ROOT, "%-34s", "failover, " + (int) result.settings().durationSeconds()
                + " s, " + result.settings().usersPerStack() + " users per stack"));
        stacks.forEach(s -> table.append(" | ").append(String.format("%22s", s.name())));
        table.append(" |\n|").append("-".repeat(36));
        stacks.forEach(s -> table.append("|").append("-".repeat(23)).append(":"));
        table.append("|\n");
        row(table, stacks, "API requests", s -> number(s.requests()));
        row(table, stacks, "succeeded (2xx)", s -> number(s.ok()) + String.format(Locale.ROOT, " (%.2f %%)", s.successPercent()));
        row(table, stacks, "401: session or token refused", s -> number(s.unauthorized()));
        row(table, stacks, "5xx (nginx 502/504 included)", s -> number(s.serverErrors()));
        row(table, stacks, "no answer / other errors", s -> number(s.otherErrors()));
        row(table, stacks, "forced re-logins", s -> number(s.reLogins()));
        row(table, stacks, "re-login CPU, estimated", s -> String.format(Locale.ROOT, "%.1f s (%.0f ms each)",
                s.reLoginCpuSeconds(), s.loginCostMs()));
        row(table, stacks, "seconds with failures", s -> Integer.toString(s.secondsWithFailures()));
        row(table, stacks, "longest failing stretch", s -> s.longestFailureStreak() + " s");
        row(table, stacks, "latency p50 / p99 (ms)", s -> String.format(Locale.ROOT, "%.1f / %.1f", s.latency().p50(), s.latency().p99()));
        row(table, stacks, "latency max (ms)", s -> String.format(Locale.ROOT, "%.0f", s.latency().max()));
        table.append(String.format(Locale.ROOT, "%nmachine: %d cores, load average %.2f before, %.2f after",
                result.machine().cores(), result.machine().loadBefore(), result.machine().loadAfter()));
        for (ChaosRecord event : result.chaos()) {
            table.append(String.format(Locale.ROOT, "%nchaos at %5.1f s: %-22s %s", event.startedAt(),
                    event.action() + " " + event.service(), event.outcome()));
        }
        return table.toString();
    }

    private static void row(StringBuilder table, List<StackResult> stacks, String label, Function<StackSummary, String> cell) {
        table.append("| ").append(String.format("%-34s", label));
        stacks.forEach(s -> table.append(" | ").append(String.format("%22s", cell.apply(s.summary()))));
        table.append(" |\n");
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
