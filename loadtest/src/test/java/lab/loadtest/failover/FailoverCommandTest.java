package lab.loadtest.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import lab.loadtest.LoadTest;
import lab.loadtest.chaos.ChaosAction;
import lab.loadtest.http.Account;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

@DisplayName("The failover command line")
class FailoverCommandTest {

    static FailoverCommand parse(String... args) {
        CommandLine.ParseResult result = LoadTest.commandLine().parseArgs(args);
        return (FailoverCommand) result.subcommand().commandSpec().userObject();
    }

    @Test
    @DisplayName("has defaults for everything: 50 users per stack, 60 s, the three stacks on localhost")
    void defaults() {
        FailoverPlan plan = parse("failover").plan();
        assertThat(plan.users()).isEqualTo(50);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(plan.think()).isEqualTo(Duration.ofMillis(200));
        assertThat(plan.stacks()).containsExactly(Map.entry("redis", URI.create("http://127.0.0.1:8081")),
                Map.entry("token", URI.create("http://127.0.0.1:8082")), Map.entry("sticky", URI.create("http://127.0.0.1:8083")));
        assertThat(plan.accounts()).containsExactly(new Account("alice", "alice-pw"), new Account("bob", "bob-pw"));
        assertThat(plan.chaos()).isEmpty();
        assertThat(plan.docker().use()).isTrue();
        assertThat(plan.docker().composeProject()).isEqualTo("session-vs-token-lab");
        assertThat(plan.out()).isEqualTo(Path.of("loadtest-report"));
    }

    @Test
    @DisplayName("reads targets, durations, accounts and the chaos schedule")
    void options() {
        FailoverCommand command = parse("failover", "--users", "5", "--duration", "5s", "--think", "0s",
                "--target", "sticky=http://nginx:8083", "--stacks", "sticky,token",
                "--chaos", "2s:kill:sticky-app-1,4s:start:sticky-app-1", "--account", "bob:bob-pw");
        FailoverPlan plan = command.plan();
        assertThat(plan.users()).isEqualTo(5);
        assertThat(plan.duration()).isEqualTo(Duration.ofSeconds(5));
        assertThat(plan.think()).isZero();
        assertThat(plan.stacks()).containsExactly(Map.entry("sticky", URI.create("http://nginx:8083")),
                Map.entry("token", URI.create("http://127.0.0.1:8082")));
        assertThat(plan.chaos()).extracting(e -> e.action()).containsExactly(ChaosAction.KILL, ChaosAction.START);
        assertThat(plan.accounts()).containsExactly(new Account("bob", "bob-pw"));
    }

    @Test
    @DisplayName("refuses a malformed chaos schedule or duration before anything runs")
    void refusesBadValues() {
        assertThatThrownBy(() -> parse("failover", "--chaos", "20s:explode:x")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("unknown verb");
        assertThatThrownBy(() -> parse("failover", "--duration", "sixty")).isInstanceOf(ParameterException.class);
        assertThatThrownBy(() -> parse("failover", "--account", "alice")).isInstanceOf(ParameterException.class);
    }

    @Test
    @DisplayName("exits with a usage error for values that only make sense together, and for remote hosts")
    void validation() {
        assertThat(execute("failover", "--duration", "10s", "--chaos", "20s:kill:x")).isEqualTo(2);
        assertThat(execute("failover", "--users", "0")).isEqualTo(2);
        assertThat(execute("failover", "--target", "far=http://example.com:8081", "--stacks", "far")).isEqualTo(2);
        assertThat(execute("failover", "--stacks", "nosuch")).isEqualTo(2);
    }

    static int execute(String... args) {
        CommandLine commandLine = LoadTest.commandLine();
        commandLine.setErr(new PrintWriter(new StringWriter()));
        return commandLine.execute(args);
    }
}
