package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import lab.loadtest.CommandRun;
import lab.loadtest.FakeLab;
import lab.loadtest.report.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calibrate against an in-process endpoint, with a stand-in for wrk that prints wrk's summary lines. */
@DisplayName("A calibration, end to end")
class CalibrateEndToEndTest {

    @Test
    @DisplayName("measures every named URL in each run and writes one calibrate-NAME.json per URL")
    void twoUrls(@TempDir Path dir) throws Exception {
        Path wrk = dir.resolve("wrk");
        Files.writeString(wrk, "#!/bin/sh\necho '     50%    1.50ms'\necho '     99%    4.00ms'\necho 'Requests/sec:   1000.00'\n");
        Files.setPosixFilePermissions(wrk, PosixFilePermissions.fromString("rwx------"));
        Path out = dir.resolve("out");
        CommandRun run;
        try (FakeLab lab = new FakeLab(FakeLab.Mode.TOKEN)) {
            run = CommandRun.of("calibrate", "--url", "one=" + lab.url() + "/health",
                    "--url", "two=" + lab.url() + "/health", "--runs", "2", "--duration", "1s", "--warmup", "0s", "-c", "2",
                    "--wrk", wrk.toString(), "--out", out.toString());
        }
        assertThat(run.exit()).as(run.printed()).isZero();
        for (String name : new String[] {"one", "two"}) {
            JsonNode json = Json.mapper().readTree(out.resolve("calibrate-" + name + ".json").toFile());
            assertThat(json.path("runs")).hasSize(2);
            assertThat(json.path("runs").get(0).path("loadtest").asDouble()).isPositive();
            assertThat(json.path("runs").get(0).path("wrkP50Ms").asDouble()).isEqualTo(1.5);
            assertThat(json.path("medianWrk").asDouble()).isEqualTo(1000.0);
            assertThat(json.path("ratio").asDouble()).isEqualTo(Math.round(json.path("medianLoadtest").asDouble() / 10) / 100.0);
            assertThat(json.path("url").asText()).endsWith("/health");
            assertThat(json.path("concurrency").asInt()).isEqualTo(2);
        }
        assertThat(run.printed()).contains("run 1 one:", "run 2 two:", "median one:");
        // one table with every URL's medians, wrk's read from its summary (1,000 req/s)
        assertThat(Files.readAllLines(out.resolve("calibrate.md")))
                .filteredOn(line -> line.startsWith("| http://")).hasSize(2)
                .allSatisfy(line -> assertThat(line).contains("/health | ", " | 1,000 | "));
    }
}
