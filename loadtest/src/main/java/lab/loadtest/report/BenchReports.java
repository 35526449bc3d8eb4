package lab.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import lab.loadtest.bench.BenchResult;
import lab.loadtest.bench.BenchResult.TargetResult;
import lab.loadtest.bench.Capacity;

/** A bench run's files: bench.json (all numbers), bench.md (the tables), bench.html (tables and charts). */
public final class BenchReports {
    private BenchReports() {
    }

    public static List<Path> write(BenchResult result, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve("bench.json");
        Json.write(result, json);
        Path markdown = dir.resolve("bench.md");
        Files.writeString(markdown, "# Bench, " + result.startedAt() + "\n\n" + markdown(result) + "\n");
        Path html = dir.resolve("bench.html");
        Files.writeString(html, Html.page("bench.html", "Bench, " + result.startedAt(), result));
        return List.of(json, markdown, html);
    }

    private static void closedTable(StringBuilder md, List<TargetResult> targets) {
        md.append("| target | mechanism | req/s | × baseline | rounds' × baseline | p50 ms | p99 ms | p99 × baseline | errors "
                + "| Redis cmd/req | answered from memory | server CPU µs/req | × baseline | generator CPU µs/req |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|\n");
        for (TargetResult t : targets) {
            if (t.closed() == null) {
                md.append("| ").append(t.name()).append(" | skipped: ").append(t.error()).append(" ||||||||||||\n");
                continue;
            }
            boolean cost = t.cost() != null && !t.cost().cpuMicros().isEmpty();
            md.append(String.format(Locale.ROOT, "| %s | %s | %,.0f | %.2f | %.2f-%.2f | %.2f | %.2f | %.2f | %d | %s | %s | %s | %s | %.1f |%n",
                    t.name(), t.mechanism(), t.closed().throughput(), t.ratios().throughput(),
                    t.ratios().throughputByRound().lowest(), t.ratios().throughputByRound().highest(), t.closed().latency().p50(),
                    t.closed().latency().p99(), t.ratios().closedP99(), t.closed().errors(),
                    cost && t.cost().redisCpuMicros() >= 0 ? String.format(Locale.ROOT, "%.2f", t.cost().redisCommandsTotal()) : "n/a",
                    fromMemory(t.hitRatios()),
                    cost ? String.format(Locale.ROOT, "%.1f", t.cost().serverCpuMicros()) : "n/a",
                    cost ? String.format(Locale.ROOT, "%.2f", t.ratios().serverCpu()) : "n/a",
                    t.cost() == null ? 0 : t.cost().generatorCpuMicros()));
        }
    }

    /** "sessions 100 %" per cache the instance has; "-" for none (or a report from before the caches). */
    static String fromMemory(Map<String, Double> hitRatios) {
        if (hitRatios == null || hitRatios.isEmpty()) {
            return "-";
        }
        return hitRatios.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), e.getValue() * 100))
                .collect(Collectors.joining(", "));
    }

    /** The tables, as Markdown (readable in a terminal too). */
    public static String markdown(BenchResult result) {
        StringBuilder md = new StringBuilder();
        BenchResult.Settings s = result.settings();
        md.append(String.format(Locale.ROOT, "Baseline: %s. Closed model: %d in flight, %.0f s per target in %d interleaved rounds, after a %.0f s warm-up of every target. "
                        + "Machine: %d cores, load average %.2f before, %.2f after. "
                        + "Rounds' × baseline: the lowest and the highest of the rounds' own ratios (each round of a target "
                        + "against the same round of its baseline, seconds apart): how far this machine moved a single "
                        + "measurement while the run lasted.%n%n",
                result.baseline(), s.concurrency(), s.closedSeconds(), s.rounds(), s.warmupSeconds(), result.machine().cores(),
                result.machine().loadBefore(), result.machine().loadAfter()));
        List<String> groups = result.targets().stream().map(TargetResult::group).distinct().toList();
        for (String group : groups) {
            if (groups.size() > 1) {
                md.append(group.isEmpty() ? "Direct to the instances" : "Through " + group).append(", against ")
                        .append(result.targets().stream().filter(t -> t.group().equals(group)).findFirst()
                                .map(TargetResult::baseline).orElse(result.baseline())).append(":\n\n");
            }
            closedTable(md, result.targets().stream().filter(t -> t.group().equals(group)).toList());
            md.append('\n');
        }
        if (result.targets().stream().anyMatch(t -> t.open() != null)) {
            md.append(String.format(Locale.ROOT, "Open model: %.0f requests/s (%s) for %.0f s per target; latency from the intended send time.%n%n",
                    s.openRate(), s.openRateSource(), s.openSeconds()));
            md.append("| target | achieved req/s | p50 ms | p99 ms | p99.9 ms | max ms | p50 × baseline | p99 × baseline | service p99 ms | send lag max ms | errors |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (TargetResult t : result.targets()) {
                if (t.open() == null) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.1f | %d |%n",
                        t.name(), t.open().achievedRate(), t.open().latency().p50(), t.open().latency().p99(),
                        t.open().latency().p999(), t.open().latency().max(), t.ratios().openP50(), t.ratios().openP99(),
                        t.open().serviceTime().p99(), t.open().maxSendLagMs(), t.open().errors()));
            }
        }
        md.append("\nBytes on the wire, HTTP/1.1, one GET and its answer (reconstructed from the headers):\n\n");
        md.append("| target | credential | its header line(s) | request | response | login response |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        for (TargetResult t : result.targets()) {
            if (t.bytes() != null) {
                md.append(String.format(Locale.ROOT, "| %s | %d B | %d B | %d B | %d B | %s |%n", t.name(),
                        t.bytes().credentialValue(), t.bytes().credential(), t.bytes().request(), t.bytes().response(),
                        t.bytes().loginResponse() == 0 ? "-" : t.bytes().loginResponse() + " B"));
            }
        }
        md.append("\nCapacity model (").append(result.costSource()).append("):\n\n");
        if (result.capacity().isEmpty()) {
            md.append("not measured: needs the Docker API (container CPU, and INFO from the Redis container). "
                    + "See docs/loadtest.md for the model with stated assumptions.\n");
        } else {
            md.append("| target | Redis cmd/req | Redis µs/req | one Redis saturates at | app tier µs/req | req/s per app core | app cores to reach it |\n");
            md.append("|---|---:|---:|---:|---:|---:|---:|\n");
            for (Capacity c : result.capacity()) {
                boolean shared = c.redisCeiling() > 0;
                md.append(String.format(Locale.ROOT, "| %s | %.2f | %s | %s | %.1f | %,.0f | %s |%n", c.target(), c.redisCommands(),
                        shared ? String.format(Locale.ROOT, "%.1f", c.redisCpuMicros()) : "-",
                        shared ? String.format(Locale.ROOT, "~%,.0f req/s", c.redisCeiling()) : "no shared component",
                        c.appCpuMicros(), c.perAppCore(),
                        shared ? String.format(Locale.ROOT, "%.1f", c.appCoresAtCeiling()) : "-"));
            }
            md.append("\nAn estimate: one Redis runs commands on one thread, so it saturates when that thread is busy all the time;"
                    + " measured on one shared 2-core machine, where nginx, the instances, Redis and the generator compete.\n");
        }
        return md.toString();
    }
}
