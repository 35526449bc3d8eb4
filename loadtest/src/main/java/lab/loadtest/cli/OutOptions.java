package lab.loadtest.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code -o/--out}: the report directory, {@code $LOADTEST_OUT} in the compose service. */
public final class OutOptions {
    @Option(names = {"-o", "--out"}, defaultValue = "${env:LOADTEST_OUT:-loadtest-report}",
            description = "Report directory. Default: ${DEFAULT-VALUE}")
    Path out;

    public Path out() {
        return out;
    }
}
