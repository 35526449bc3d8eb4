package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.loadtest.LoadTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("The bench command line")
class BenchCommandTest {

    static BenchCommand parse(String... args) {
        return (BenchCommand) LoadTest.commandLine().parseArgs(args).subcommand().commandSpec().userObject();
    }

    @Test
    @DisplayName("reads named targets in order, models and the baseline")
    void options() {
        BenchCommand command = parse("bench", "--target", "eddsa=http://127.0.0.1:9103", "--target", "local=http://127.0.0.1:9101/health",
                "--baseline", "local", "-c", "16", "--duration", "5s", "--open-duration", "0s", "--rate", "500");
        assertThat(command.targets.given().keySet()).containsExactly("eddsa", "local");
        BenchPlan plan = command.plan();
        assertThat(plan.targets()).extracting(BenchTarget::name)
                .containsExactly("nginx-200", "no-auth", "redis-session", "memory-session", "jwt-hs256", "eddsa", "local");
        assertThat(plan.targets()).contains(new BenchTarget("eddsa", URI.create("http://127.0.0.1:9103")));
        assertThat(plan.baseline()).isEqualTo("local");
        assertThat(plan.concurrency()).isEqualTo(16);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plan.openDuration()).isZero();
        assertThat(plan.rate()).contains(500.0);
    }

    @Test
    @DisplayName("tells a baseline URL (with a path) from a stack URL (without)")
    void plainTargets() {
        assertThat(new BenchTarget("a", URI.create("http://127.0.0.1:8080/nginx-health")).plain()).isTrue();
        assertThat(new BenchTarget("b", URI.create("http://127.0.0.1:8081")).plain()).isFalse();
        assertThat(new BenchTarget("c", URI.create("http://127.0.0.1:8081/")).plain()).isFalse();
    }

    @Test
    @DisplayName("reads a target's group from its name, and the baseline it is compared with")
    void groups() {
        BenchTarget viaNginx = new BenchTarget("nginx/redis-session", URI.create("http://127.0.0.1:9301"));
        assertThat(viaNginx.group()).isEqualTo("nginx");
        assertThat(viaNginx.baselineIn("no-auth")).isEqualTo("nginx/no-auth");
        BenchTarget direct = new BenchTarget("redis-session", URI.create("http://127.0.0.1:9201"));
        assertThat(direct.group()).isEmpty();
        assertThat(direct.baselineIn("no-auth")).isEqualTo("no-auth");
    }

    @Test
    @DisplayName("--carry: a baseline's URL sent with a credential from a stack, which nothing checks")
    void carriedCredentials() {
        BenchPlan plan = parse("bench", "--target", "token-bytes-only=http://127.0.0.1:9200/health",
                "--carry", "token-bytes-only=http://127.0.0.1:9205", "--only", "no-auth,token-bytes-only").plan();
        assertThat(plan.targets()).containsExactly(
                new BenchTarget("no-auth", URI.create("http://127.0.0.1:8083/health")),
                new BenchTarget("token-bytes-only", URI.create("http://127.0.0.1:9200/health"), Optional.of(URI.create("http://127.0.0.1:9205"))));
        // --only may leave a carrying target out: its --carry is then unused, not an error
        assertThat(parse("bench", "--target", "token-bytes-only=http://127.0.0.1:9200/health",
                "--carry", "token-bytes-only=http://127.0.0.1:9205", "--only", "no-auth,jwt-hs256").plan().targets())
                .extracting(BenchTarget::name).containsExactly("no-auth", "jwt-hs256");
        // carrying needs a baseline's URL to carry it to, and a stack to log in at
        assertThat(execute("bench", "--carry", "nosuch=http://127.0.0.1:9205")).isEqualTo(2);
        assertThat(execute("bench", "--carry", "jwt-hs256=http://127.0.0.1:9205")).isEqualTo(2);
        assertThat(execute("bench", "--carry", "no-auth=http://127.0.0.1:9205/health")).isEqualTo(2);
    }

    @Test
    @DisplayName("exits with a usage error for an unknown baseline or an absurd rate")
    void validation() {
        assertThat(execute("bench", "--baseline", "nosuch")).isEqualTo(2);
        assertThat(execute("bench", "--rate", "0")).isEqualTo(2);
        assertThat(execute("bench", "--only", "nosuch")).isEqualTo(2);
        // a group without its own baseline (nginx/no-auth) has nothing to be compared with
        assertThat(execute("bench", "--target", "nginx/redis-session=http://127.0.0.1:9301")).isEqualTo(2);
        assertThat(execute("bench", "--target", "a/b/c=http://127.0.0.1:9301")).isEqualTo(2);
    }

    @Test
    @DisplayName("ratios are rounded to two places and zero without a baseline")
    void ratios() {
        assertThat(BenchRun.ratio(3, 4)).isEqualTo(0.75);
        assertThat(BenchRun.ratio(1, 3)).isEqualTo(0.33);
        assertThat(BenchRun.ratio(1, 0)).isZero();
    }

    @Test
    @DisplayName("each round against the same round of the baseline: the lowest and the highest ratio")
    void ratiosByRound() {
        assertThat(BenchRun.byRound(List.of(90.0, 40.0, 75.0), List.of(100.0, 50.0, 100.0)))
                .isEqualTo(new BenchResult.Range(0.75, 0.9));
        assertThat(BenchRun.byRound(List.of(90.0, 40.0), List.of(100.0))).as("rounds without a partner are left out")
                .isEqualTo(new BenchResult.Range(0.9, 0.9));
        assertThat(BenchRun.byRound(List.of(), List.of(100.0))).isEqualTo(BenchResult.Range.NONE);
    }

    static int execute(String... args) {
        CommandLine commandLine = LoadTest.commandLine();
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }
}
