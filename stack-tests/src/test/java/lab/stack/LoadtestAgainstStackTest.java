package lab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import lab.harness.LabStack;
import lab.loadtest.LoadTest;
import lab.loadtest.http.Exchanges;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator end to end, briefly: seconds, not minutes, and no speed asserted. Its failover
 * run, with chaos through the Docker API, is step 6 of workshop lab 02 ({@link WorkshopLabsTest}).
 * It runs on the lab's own ports, before or after the workshop labs (which leave the stack whole):
 * the failover matrix, on the second copy beside them, is the longer of the two lanes.
 */
@ResourceLock(LabStack.OWN_PORTS)
@DisplayName("loadtest against the compose stack")
class LoadtestAgainstStackTest {

    @Test
    @DisplayName("a short bench run prints ratios to a same-run baseline and writes its results")
    void shortBench(@TempDir Path out) throws Exception {
        LabStack stack = LabStack.get();
        Exchanges.configureCommonPool();
        int exit = LoadTest.commandLine().execute("bench", "--no-docker", "-c", "8", "--warmup", "1s", "--duration", "1s",
                "--open-duration", "1s", "--rounds", "1", "--logins", "1", "--out", out.toString(),
                // the defaults' names, on the ports of the copy the tests started
                "--target", "nginx-200=" + stack.dashboard() + "/nginx-health",
                "--target", "no-auth=" + stack.sticky() + "/health",
                "--target", "redis-session=" + stack.sessions(),
                "--target", "memory-session=" + stack.sticky(),
                "--target", "jwt-hs256=" + stack.tokens());
        assertThat(exit).isZero();
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(name -> name.endsWith(".json"));
        }
    }
}
