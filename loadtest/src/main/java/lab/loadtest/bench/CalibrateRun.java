package lab.loadtest.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import lab.loadtest.Version;
import lab.loadtest.cli.NamedUrl;
import lab.loadtest.http.Call;
import lab.loadtest.http.Exchanges;
import lab.loadtest.report.Json;
import lab.loadtest.stats.Machine;

/**
 * A calibration: in each run, for each URL, this generator's closed model and then wrk, with the same
 * connections; then the medians of each, and their ratio. Interleaving them puts a change in the
 * machine's background load on both alike.
 */
final class CalibrateRun {
    private final CalibratePlan plan;
    private final PrintStream out;

    CalibrateRun(CalibratePlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** One run of each generator. */
    public record Run(double loadtest, double loadtestP50Ms, double loadtestP99Ms, double loadtestCpuMicrosPerRequest,
                      double wrk, double wrkP50Ms, double wrkP99Ms) {
    }

    /** The file of one URL (calibrate.json). */
    public record Result(String tool, String startedAt, Machine machine, String url, int concurrency, double seconds, List<Run> runs,
                         double medianLoadtest, double medianWrk, double ratio) {
    }

    int run() throws IOException, InterruptedException {
        String startedAt = Instant.now().toString();
        double loadBefore = Machine.load();
        Map<NamedUrl, List<Run>> runs = new LinkedHashMap<>();
        try (Exchanges exchanges = new Exchanges(plan.ioThreads(), plan.concurrency())) {
            for (int i = 1; i <= plan.runs(); i++) {
                for (NamedUrl url : plan.urls()) {
                    Run run = once(exchanges, url.url());
                    runs.computeIfAbsent(url, key -> new ArrayList<>()).add(run);
                    print(i, url, run);
                }
            }
        }
        Machine machine = Machine.since(loadBefore);
        Files.createDirectories(plan.out());
        List<Result> results = new ArrayList<>();
        for (Map.Entry<NamedUrl, List<Run>> entry : runs.entrySet()) {
            Result result = result(startedAt, machine, entry.getKey(), entry.getValue());
            write(result, plan.file(entry.getKey()));
            results.add(result);
        }
        Path markdown = plan.out().resolve("calibrate.md");
        Files.writeString(markdown, markdown(startedAt, machine, results));
        out.println("wrote " + markdown);
        return 0;
    }

    /** The medians of every URL of the run in one table (what the docs quote). */
    private String markdown(String startedAt, Machine machine, List<Result> results) {
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "# Calibration, %s%n%n"
                        + "%d connections; per URL %d runs of %.0f s of this generator (each after %.0f s unmeasured) and of wrk "
                        + "(%d threads), in turn. Machine: %d cores, load average %.2f before, %.2f after.%n%n",
                startedAt, plan.concurrency(), plan.runs(), plan.duration().toMillis() / 1000.0, plan.warmup().toMillis() / 1000.0,
                plan.wrkThreads(), machine.cores(), machine.loadBefore(), machine.loadAfter()));
        md.append("| URL | loadtest req/s (median) | wrk req/s (median) | loadtest / wrk | loadtest CPU µs/req (median) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.1f |%n", r.url(), r.medianLoadtest(),
                    r.medianWrk(), r.ratio(), median(r.runs(), Run::loadtestCpuMicrosPerRequest)));
        }
        return md.toString();
    }

    private Run once(Exchanges exchanges, URI url) throws IOException, InterruptedException {
        Call call = Call.get(url, Duration.ofSeconds(10));
        long cpuBefore = cpuNanos();
        ClosedModel.Result own = ClosedModel.run(exchanges, () -> call, plan.concurrency(), plan.warmup(), plan.duration());
        double cpu = (cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, own.total());
        Wrk.Result reference = Wrk.run(plan.wrk(), url, plan.wrkThreads(), plan.concurrency(), plan.duration());
        return new Run(own.throughput(), own.latency().p50(), own.latency().p99(), Math.round(cpu * 10) / 10.0,
                reference.throughput(), reference.p50Ms(), reference.p99Ms());
    }

    private void print(int i, NamedUrl url, Run run) {
        out.printf(Locale.ROOT, "run %d%s: loadtest %,.0f req/s (p50 %.2f ms, p99 %.2f ms, %.1f µs CPU/req)   "
                        + "wrk %,.0f req/s (p50 %.2f ms, p99 %.2f ms)%n", i, url.name().map(name -> " " + name).orElse(""),
                run.loadtest(), run.loadtestP50Ms(), run.loadtestP99Ms(), run.loadtestCpuMicrosPerRequest(), run.wrk(),
                run.wrkP50Ms(), run.wrkP99Ms());
    }

    private Result result(String startedAt, Machine machine, NamedUrl url, List<Run> runs) {
        double own = median(runs, Run::loadtest);
        double wrk = median(runs, Run::wrk);
        double ratio = wrk == 0 ? 0 : Math.round(own / wrk * 100) / 100.0;
        out.printf(Locale.ROOT, "median%s: loadtest %,.0f req/s, wrk %,.0f req/s: loadtest/wrk = %.2f%n",
                url.name().map(name -> " " + name).orElse(""), own, wrk, ratio);
        return new Result("loadtest " + Version.tool(), startedAt, machine, url.url().toString(), plan.concurrency(),
                plan.duration().toMillis() / 1000.0, runs, own, wrk, ratio);
    }

    private void write(Result result, Path file) throws IOException {
        Json.write(result, file);
        out.println("wrote " + file);
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        List<Double> sorted = runs.stream().map(value::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
