package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import lab.loadtest.LoadTest;
import lab.loadtest.cli.NamedUrl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("The calibrate command line")
class CalibrateCommandTest {

    static CalibratePlan plan(String... args) {
        var command = (CalibrateCommand) LoadTest.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
        return command.plan();
    }

    @Test
    @DisplayName("measures nginx's own 200 by default and writes calibrate.json, as it always did")
    void defaults() {
        CalibratePlan plan = plan("calibrate", "--out", "r");
        assertThat(plan.urls()).extracting(NamedUrl::url).containsExactly(URI.create("http://127.0.0.1:8080/nginx-health"));
        assertThat(plan.concurrency()).isEqualTo(64);
        assertThat(plan.ioThreads()).isEqualTo(2);
        assertThat(plan.file(plan.urls().get(0))).isEqualTo(Path.of("r", "calibrate.json"));
    }

    @Test
    @DisplayName("takes several named URLs, in order, each with a file of its own")
    void namedUrls() {
        CalibratePlan plan = plan("calibrate", "--out", "r", "--url", "nginx-200=http://127.0.0.1:8080/nginx-health",
                "--url", "no-auth=http://127.0.0.1:8083/health?x=1");
        assertThat(plan.urls()).extracting(NamedUrl::url).containsExactly(URI.create("http://127.0.0.1:8080/nginx-health"),
                URI.create("http://127.0.0.1:8083/health?x=1"));
        assertThat(plan.urls()).extracting(plan::file)
                .containsExactly(Path.of("r", "calibrate-nginx-200.json"), Path.of("r", "calibrate-no-auth.json"));
    }

    @Test
    @DisplayName("reads a URL with '=' in its query as unnamed")
    void unnamedWithQuery() {
        assertThat(NamedUrl.parse("http://127.0.0.1:8080/x?a=b"))
                .isEqualTo(new NamedUrl(Optional.empty(), URI.create("http://127.0.0.1:8080/x?a=b")));
    }

    @Test
    @DisplayName("exits with a usage error for several unnamed URLs, a remote host or absurd values")
    void validation() {
        assertThat(execute("calibrate", "--url", "http://127.0.0.1:1/a", "--url", "http://127.0.0.1:1/b")).isEqualTo(2);
        assertThat(execute("calibrate", "--url", "far=http://example.com/")).isEqualTo(2);
        assertThat(execute("calibrate", "--runs", "0")).isEqualTo(2);
        assertThat(execute("calibrate", "--clients", "0")).isEqualTo(2);
    }

    static int execute(String... args) {
        CommandLine commandLine = LoadTest.commandLine();
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }
}
