package lab.loadtest.failover;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.loadtest.FakeLab;
import lab.loadtest.LoadTest;
import lab.loadtest.report.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole tool, as the command line runs it, against stand-in stacks in this JVM (the compose stack
 * is exercised separately: see loadtest/README.md). No assertion about speed: only about counting.
 */
@DisplayName("A failover run, end to end against in-process stacks")
class FailoverEndToEndTest {

    @Test
    @DisplayName("counts one forced re-login per user when a stack forgets every session, and writes all reports")
    void reLoginsAfterAStackForgets(@TempDir Path out) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (FakeLab sessions = new FakeLab(FakeLab.Mode.SESSION); FakeLab tokens = new FakeLab(FakeLab.Mode.TOKEN)) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            // The session stack loses its memory at its 10th API request: every user logged in before the
            // measured phase, and early enough that even a starved machine gets every user past it in 3 s.
            sessions.forgetAllAt(10);
            int exit = LoadTest.commandLine().execute("failover",
                    "--target", "mem=" + sessions.url(), "--target", "jwt=" + tokens.url(), "--stacks", "mem,jwt",
                    "--users", "5", "--duration", "3s", "--think", "50ms", "--write-percent", "20",
                    "--chaos", "1s:kill:nothing-here", "--no-docker", "--out", out.toString());
            System.setOut(stdout);

            assertThat(exit).as(printed.toString(StandardCharsets.UTF_8)).isZero();
            JsonNode json = Json.mapper().readTree(out.resolve("failover.json").toFile());
            JsonNode mem = json.path("stacks").get(0).path("summary");
            JsonNode jwt = json.path("stacks").get(1).path("summary");
            String console = printed.toString(StandardCharsets.UTF_8);
            assertThat(mem.path("reLogins").asInt()).as(console).isEqualTo(5);
            assertThat(mem.path("unauthorized").asInt()).isEqualTo(5);
            assertThat(mem.path("ok").asLong()).isPositive();
            assertThat(mem.path("serverErrors").asInt() + mem.path("otherErrors").asInt()).isZero(); // CSRF header sent
            assertThat(jwt.path("reLogins").asInt()).isZero();
            assertThat(jwt.path("ok").asLong()).isEqualTo(jwt.path("requests").asLong()).isPositive();
            assertThat(sessions.logins()).isEqualTo(10);
            assertThat(json.path("stacks").get(0).path("seconds").size()).isBetween(3, 4);
            assertThat(json.path("chaos").get(0).path("executed").asBoolean()).isFalse();
            assertThat(out.resolve("failover.html")).exists();
            assertThat(out.resolve("failover-summary.md")).exists();
            assertThat(out.resolve("failover.png")).exists();
            assertThat(console).contains("[   1s] mem").contains("NOT EXECUTED")
                    .contains("docker compose kill nothing-here").contains("| forced re-logins");
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    @DisplayName("exits with 2 and says why when no stack answers")
    void nothingAnswers(@TempDir Path out) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            int exit = LoadTest.commandLine().execute("failover", "--target", "gone=http://127.0.0.1:" + port,
                    "--stacks", "gone", "--users", "2", "--duration", "2s", "--out", out.toString());
            System.setOut(console);
            assertThat(exit).isEqualTo(2);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("is the lab up");
            assertThat(Files.exists(out.resolve("failover.json"))).isFalse();
        } finally {
            System.setOut(console);
        }
    }
}
