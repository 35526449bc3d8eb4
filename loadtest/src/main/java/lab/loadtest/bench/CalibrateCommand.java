package lab.loadtest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import lab.loadtest.Version;
import lab.loadtest.cli.Targets;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.LabApi;
import lab.loadtest.report.Json;
import lab.loadtest.stats.Machine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code loadtest calibrate}: this generator's closed model and wrk, alternately, on the same URL with
 * the same number of connections. The cheapest endpoint (nginx's own 200) is the hardest test: if the
 * generator keeps up with wrk there, it is not what limits the slower, authenticated endpoints.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"This generator against wrk on one URL: throughput and latency of both, and their ratio.",
            "Writes calibrate.json to --out."})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080/nginx-health", description = "Default: ${DEFAULT-VALUE}")
    URI url;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "64", description = "Connections, for both. Default: ${DEFAULT-VALUE}")
    int concurrency;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", description = "Per run. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s",
            description = "Before each run of this generator (the first also warms up the JIT compiler). Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each; the medians are compared. Default: ${DEFAULT-VALUE}")
    int runs;

    @Option(names = "--clients", defaultValue = "2",
            description = "This generator's HTTP clients, each with its own connections and I/O thread. Default: ${DEFAULT-VALUE}")
    int clients;

    @Option(names = "--wrk", defaultValue = "wrk", description = "The wrk executable. Default: ${DEFAULT-VALUE}")
    String wrk;

    @Option(names = "--wrk-threads", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}")
    int wrkThreads;

    @Option(names = {"-o", "--out"}, defaultValue = "${env:LOADTEST_OUT:-loadtest-report}", description = "Default: ${DEFAULT-VALUE}")
    Path out;

    /** One run of each generator. */
    public record Run(double loadtest, double loadtestP50Ms, double loadtestP99Ms, double loadtestCpuMicrosPerRequest,
                      double wrk, double wrkP50Ms, double wrkP99Ms) {
    }

    public record Result(String tool, String startedAt, Machine machine, String url, int concurrency, double seconds, List<Run> runs,
                         double medianLoadtest, double medianWrk, double ratio) {
    }

    @Override
    public Integer call() throws Exception {
        Targets.merge(Map.of(), Map.of("url", url), List.of(), spec); // the same network rule as everywhere
        if (runs < 1 || runs > 10 || concurrency < 1 || concurrency > 4096 || duration.isZero()
                || duration.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new ParameterException(spec.commandLine(), "--runs 1..10, --concurrency 1..4096, --duration up to 5m");
        }
        List<Run> results = new ArrayList<>();
        double loadBefore = Machine.load();
        Exchanges exchanges = new Exchanges();
        List<HttpClient> httpClients = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            httpClients.add(exchanges.newClient());
        }
        var request = LabApi.plainGet(url, Duration.ofSeconds(10));
        for (int i = 1; i <= runs; i++) {
            long cpuBefore = cpuNanos();
            ClosedModel.Result own = ClosedModel.run(exchanges, httpClients, () -> request, concurrency, warmup, duration);
            double cpu = (cpuNanos() - cpuBefore) / 1000.0 / Math.max(1, own.total());
            Wrk.Result reference = Wrk.run(wrk, url, wrkThreads, concurrency, duration);
            Run run = new Run(own.throughput(), own.latency().p50(), own.latency().p99(), Math.round(cpu * 10) / 10.0,
                    reference.throughput(), reference.p50Ms(), reference.p99Ms());
            results.add(run);
            System.out.printf(Locale.ROOT, "run %d: loadtest %,.0f req/s (p50 %.2f ms, p99 %.2f ms, %.1f µs CPU/req)   "
                            + "wrk %,.0f req/s (p50 %.2f ms, p99 %.2f ms)%n", i, run.loadtest(), run.loadtestP50Ms(),
                    run.loadtestP99Ms(), run.loadtestCpuMicrosPerRequest(), run.wrk(), run.wrkP50Ms(), run.wrkP99Ms());
        }
        double ownMedian = median(results, Run::loadtest);
        double wrkMedian = median(results, Run::wrk);
        double ratio = wrkMedian == 0 ? 0 : Math.round(ownMedian / wrkMedian * 100) / 100.0;
        System.out.printf(Locale.ROOT, "median: loadtest %,.0f req/s, wrk %,.0f req/s: loadtest/wrk = %.2f%n", ownMedian, wrkMedian, ratio);
        Files.createDirectories(out);
        Path file = out.resolve("calibrate.json");
        Json.write(new Result("loadtest " + Version.tool(), Instant.now().toString(), Machine.since(loadBefore), url.toString(), concurrency,
                duration.toMillis() / 1000.0, results, ownMedian, wrkMedian, ratio), file);
        System.out.println("wrote " + file);
        return 0;
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
