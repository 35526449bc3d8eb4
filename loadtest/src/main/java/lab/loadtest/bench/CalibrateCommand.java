package lab.loadtest.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import lab.loadtest.cli.ClientOptions;
import lab.loadtest.cli.NamedUrl;
import lab.loadtest.cli.OutOptions;
import lab.loadtest.cli.Targets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
        description = {"This generator against wrk on one URL, or several in turn: throughput and latency of both, and their ratio.",
            "Writes calibrate.json to --out; with named URLs (--url NAME=URL) calibrate-NAME.json for each."},
        footer = {"", "Example, nginx's own 200 and an application endpoint in one run:",
            "  loadtest calibrate --warmup 20s --url nginx-200=http://127.0.0.1:8080/nginx-health --url no-auth=http://127.0.0.1:8083/health"})
public final class CalibrateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--url", converter = NamedUrl.Converter.class, paramLabel = "[NAME=]URL",
            description = "Repeatable; within each run every URL is measured in turn. Default: http://127.0.0.1:8080/nginx-health")
    List<NamedUrl> urls = new ArrayList<>();

    @Option(names = {"-c", "--concurrency"}, defaultValue = "64", description = "Connections, for both. Default: ${DEFAULT-VALUE}")
    int concurrency;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", description = "Per run. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "5s",
            description = "Before each run of this generator (the first also warms up the JIT compiler). Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = "--runs", defaultValue = "3", description = "Runs of each; the medians are compared. Default: ${DEFAULT-VALUE}")
    int runs;

    @Mixin
    ClientOptions clients;

    @Option(names = "--wrk", defaultValue = "wrk", description = "The wrk executable. Default: ${DEFAULT-VALUE}")
    String wrk;

    @Option(names = "--wrk-threads", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}")
    int wrkThreads;

    @Mixin
    OutOptions out;

    @Override
    public Integer call() throws Exception {
        return new CalibrateRun(plan(), System.out).run();
    }

    CalibratePlan plan() {
        List<NamedUrl> chosen = urls.isEmpty()
                ? List.of(new NamedUrl(Optional.empty(), URI.create("http://127.0.0.1:8080/nginx-health"))) : urls;
        for (NamedUrl url : chosen) {
            Targets.merge(Map.of(), Map.of(url.label(), url.url()), List.of(), spec); // the same network rule as everywhere
        }
        if (chosen.size() > 1 && chosen.stream().anyMatch(url -> url.name().isEmpty())) {
            throw new ParameterException(spec.commandLine(), "several --url: name each one (--url NAME=URL), for its file");
        }
        if (runs < 1 || runs > 10 || concurrency < 1 || concurrency > 4096 || duration.isZero()
                || duration.compareTo(Duration.ofMinutes(5)) > 0 || clients.ioThreads() < 1 || clients.ioThreads() > 16) {
            throw new ParameterException(spec.commandLine(), "--runs 1..10, --concurrency 1..4096, --duration up to 5m, --clients 1..16");
        }
        return new CalibratePlan(chosen, concurrency, duration, warmup, runs, clients.ioThreads(), wrk, wrkThreads, out.out());
    }
}
