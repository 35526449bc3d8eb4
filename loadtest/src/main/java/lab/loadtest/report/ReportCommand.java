package lab.loadtest.report;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import lab.loadtest.bench.BenchResult;
import lab.loadtest.failover.FailoverResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loadtest report failover.json|bench.json}: the charts and tables again, from a run's JSON. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Writes the HTML, PNG and Markdown of a run again from its JSON (failover.json or bench.json).")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JSON", description = "failover.json or bench.json of an earlier run")
    Path json;

    @Option(names = {"-o", "--out"}, description = "Directory to write to. Default: the JSON's directory")
    Path out;

    @Option(names = "--no-png", description = "Skip the PNG chart.")
    boolean noPng;

    @Override
    public Integer call() throws Exception {
        Path dir = out != null ? out : json.toAbsolutePath().getParent();
        var tree = Json.mapper().readTree(json.toFile());
        List<Path> written;
        if (tree.has("stacks")) {
            FailoverResult result = Json.mapper().treeToValue(tree, FailoverResult.class);
            written = FailoverReports.write(result, dir, !noPng, System.out::println);
        } else if (tree.has("targets")) {
            written = BenchReports.write(Json.mapper().treeToValue(tree, BenchResult.class), dir);
        } else {
            System.err.println(json + " is neither a failover nor a bench report");
            return 1;
        }
        written.forEach(path -> System.out.println("wrote " + path));
        return 0;
    }
}
