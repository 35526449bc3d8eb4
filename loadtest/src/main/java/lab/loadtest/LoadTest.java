package lab.loadtest;

import java.time.Duration;
import lab.loadtest.bench.BenchCommand;
import lab.loadtest.bench.CalibrateCommand;
import lab.loadtest.cli.DurationConverter;
import lab.loadtest.failover.FailoverCommand;
import lab.loadtest.http.Exchanges;
import lab.loadtest.report.ReportCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The lab's load generator: {@code failover} (availability under chaos) and {@code bench} (cost per request). */
@Command(name = "loadtest", mixinStandardHelpOptions = true, versionProvider = Version.class,
        subcommands = {FailoverCommand.class, BenchCommand.class, CalibrateCommand.class, ReportCommand.class},
        description = {
            "Load generator of the session-vs-token lab.",
            "  failover   N virtual users per stack for a while, optionally killing containers on a schedule",
            "  bench      the cost of each way of authenticating, relative to a no-auth baseline",
            "  calibrate  this generator against wrk on one URL (is the generator the bottleneck?)",
            "  report     the HTML, PNG and Markdown again from a run's JSON"})
public final class LoadTest implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: failover, bench, calibrate or report");
    }

    public static void main(String[] args) {
        Exchanges.configureCommonPool(); // before anything touches CompletableFuture
        System.exit(commandLine().execute(args));
    }

    /** The command line with this tool's converters; tests use it as the real entry point does. */
    public static CommandLine commandLine() {
        // picocli's own Duration converter wants ISO-8601 (PT60S); people type 60s.
        return new CommandLine(new LoadTest())
                .registerConverter(Duration.class, new DurationConverter())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
