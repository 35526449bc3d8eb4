package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import lab.loadtest.CommandRun;
import lab.loadtest.FakeLab;
import lab.loadtest.report.Json;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench against in-process stand-ins: it must measure every target and relate each to the baseline. */
@DisplayName("A bench run, end to end against in-process stacks")
class BenchEndToEndTest {

    @Test
    @DisplayName("measures a baseline, a cookie stack and a token stack in both models and writes the reports")
    void measuresEveryTarget(@TempDir Path out) throws Exception {
        try (FakeLab sessions = new FakeLab(FakeLab.Mode.SESSION); FakeLab tokens = new FakeLab(FakeLab.Mode.TOKEN)) {
            CommandRun run = CommandRun.of("bench",
                    "--target", "base=" + sessions.url() + "/health", "--target", "cookie=" + sessions.url(),
                    "--target", "bearer=" + tokens.url(), "--only", "base,cookie,bearer", "--baseline", "base",
                    "-c", "4", "--warmup", "0s", "--duration", "1s", "--open-duration", "1s", "--rounds", "2", "--rate", "50",
                    "--logins", "2", "--no-docker", "--out", out.toString());

            assertThat(run.exit()).as(run.printed()).isZero();
            JsonNode json = Json.mapper().readTree(out.resolve("bench.json").toFile());
            JsonNode targets = json.path("targets");
            assertThat(targets).hasSize(3);
            assertThat(targets.get(0).path("mechanism").asText()).isEqualTo("none");
            assertThat(targets.get(1).path("mechanism").asText()).isEqualTo("session");
            assertThat(targets.get(2).path("mechanism").asText()).isEqualTo("token");
            assertThat(targets.get(0).path("ratios").path("throughput").asDouble()).isEqualTo(1.0);
            assertThat(targets.get(0).path("ratios").path("throughputByRound").path("lowest").asDouble()).isEqualTo(1.0);
            assertThat(targets.get(0).path("ratios").path("throughputByRound").path("highest").asDouble()).isEqualTo(1.0);
            for (JsonNode target : targets) {
                JsonNode byRound = target.path("ratios").path("throughputByRound");
                assertThat(byRound.path("lowest").asDouble()).isPositive().isLessThanOrEqualTo(byRound.path("highest").asDouble());
                assertThat(target.path("closed").path("requests").asLong()).isPositive();
                assertThat(target.path("closed").path("errors").asLong()).isZero();
                assertThat(target.path("open").path("requests").asLong()).isBetween(45L, 55L); // 50/s for 1 s
                assertThat(target.path("ratios").path("throughput").asDouble()).isPositive();
            }
            assertThat(targets.get(1).path("bytes").path("credential").asInt())
                    .isEqualTo(("Cookie: SID=c1xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.fake-1\r\n").length());
            assertThat(targets.get(2).path("bytes").path("credentialValue").asInt()).isEqualTo(42);
            assertThat(json.path("capacity")).isEmpty(); // no Docker: nothing measured, nothing claimed
            assertThat(Files.readString(out.resolve("bench.html"))).contains("echarts.init").doesNotContain("{{");
            assertThat(Files.readString(out.resolve("bench.md"))).contains("| cookie | session |");
        }
    }

    @Test
    @DisplayName("compares each group of targets with its own baseline and reports what the instances answered from memory")
    void groupsAndCaches(@TempDir Path out) throws Exception {
        try (FakeLab direct = new FakeLab(FakeLab.Mode.SESSION); FakeLab slow = new FakeLab(FakeLab.Mode.SESSION)) {
            CommandRun run = CommandRun.of("bench",
                    "--target", "base=" + direct.url() + "/health", "--target", "cookie=" + direct.url(),
                    "--target", "far/base=" + slow.url() + "/health", "--target", "far/cookie=" + slow.url(),
                    "--only", "base,cookie,far/base,far/cookie", "--baseline", "base",
                    "-c", "4", "--warmup", "0s", "--duration", "1s", "--open-duration", "0s", "--rounds", "2",
                    "--logins", "2", "--no-docker", "--out", out.toString());

            assertThat(run.exit()).as(run.printed()).isZero();
            JsonNode targets = Json.mapper().readTree(out.resolve("bench.json").toFile()).path("targets");
            assertThat(targets).extracting(t -> t.path("baseline").asText()).containsExactly("base", "base", "far/base", "far/base");
            assertThat(targets.get(2).path("ratios").path("throughput").asDouble()).isEqualTo(1.0);
            assertThat(targets.get(0).path("hitRatios").isEmpty()).isTrue(); // a plain URL has no cache to read
            assertThat(targets.get(1).path("hitRatios").path("sessions").asDouble()).isBetween(0.70, 0.80);
            assertThat(targets.get(3).path("hitRatios").path("sessions").asDouble()).isBetween(0.70, 0.80);
            assertThat(Files.readString(out.resolve("bench.md")))
                    .contains("Direct to the instances, against base:", "Through far, against far/base:", "| sessions 7");
        }
    }
}
