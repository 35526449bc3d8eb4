package lab.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import lab.loadtest.LoadTest;
import lab.loadtest.chaos.ChaosRecord;
import lab.loadtest.failover.FailoverResult;
import lab.loadtest.failover.StackResult;
import lab.loadtest.failover.StackSummary;
import lab.loadtest.stats.Latency;
import lab.loadtest.stats.Machine;
import lab.loadtest.stats.Second;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The failover reports")
class FailoverReportsTest {

    /** Ten seconds of a sticky stack that loses half its sessions at t = 4. */
    static FailoverResult sample() {
        List<Second> seconds = new ArrayList<>();
        Latency latency = new Latency(100, 1, 2, 3, 9, 12, 15, 2.5);
        for (int t = 1; t <= 10; t++) {
            long unauthorized = t == 5 ? 25 : 0;
            seconds.add(new Second(t, 250, 250 - unauthorized, unauthorized, t == 5 ? 3 : 0, 0, unauthorized, unauthorized,
                    latency, t < 5 ? Map.of("sticky-app-1", 125L, "sticky-app-2", 125L) : Map.of("sticky-app-2", 250L), t == 5 ? Map.of("HTTP 502", 3L) : Map.of()));
        }
        Latency login = new Latency(75, 240, 260, 400, 600, 700, 700, 300);
        StackResult sticky = new StackResult("sticky", "http://127.0.0.1:8083", StackSummary.of(seconds, latency, login),
                new Second(0, 0, 0, 0, 0, 0, 50, 0, Latency.NONE, Map.of(), Map.of()), seconds);
        List<ChaosRecord> chaos = List.of(
                new ChaosRecord(4, "kill", "sticky-app-1", 4.002, 120, true, "done"),
                new ChaosRecord(8, "start", "sticky-app-1", 8, 0, false, "not executed: no Docker socket </script>"));
        return new FailoverResult("loadtest test", "2025-01-01T00:00:00Z", new Machine(2, 1.5, 2.5),
                new FailoverResult.Settings(50, 10, 200, 10, 4, "4s:kill:sticky-app-1,8s:start:sticky-app-1", "test"),
                12.5, List.of(sticky), chaos);
    }

    @Test
    @DisplayName("write the per-second series as JSON that reads back")
    void json(@TempDir Path dir) throws Exception {
        FailoverReports.write(sample(), dir, false, line -> { });
        JsonNode json = Json.mapper().readTree(dir.resolve("failover.json").toFile());
        JsonNode sticky = json.path("stacks").get(0);
        assertThat(sticky.path("name").asText()).isEqualTo("sticky");
        assertThat(sticky.path("seconds")).hasSize(10);
        assertThat(sticky.path("seconds").get(4).path("reLogins").asInt()).isEqualTo(25);
        assertThat(sticky.path("summary").path("reLogins").asInt()).isEqualTo(25);
        assertThat(json.path("chaos").get(0).path("action").asText()).isEqualTo("kill");
    }

    @Test
    @DisplayName("write a self-contained HTML page: ECharts and the data inlined, nothing fetched, no placeholder left")
    void html(@TempDir Path dir) throws Exception {
        FailoverReports.write(sample(), dir, false, line -> { });
        String html = Files.readString(dir.resolve("failover.html"));
        assertThat(html).contains("echarts.init").contains("\"reLogins\":25").doesNotContain("{{");
        assertThat(html.length()).isGreaterThan(900_000); // the ECharts bundle itself
        assertThat(html).doesNotContainPattern("<script[^>]+src=").doesNotContain("http://cdn").doesNotContain("https://cdn");
        // the data cannot end the script element early
        assertThat(html).contains("no Docker socket <\\/script>");
    }

    @Test
    @DisplayName("draw the main chart as a PNG")
    void png(@TempDir Path dir) throws Exception {
        List<Path> written = FailoverReports.write(sample(), dir, true, line -> { });
        assertThat(written).contains(dir.resolve("failover.png"));
        BufferedImage image = ImageIO.read(dir.resolve("failover.png").toFile());
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(image.getHeight()).isEqualTo(220 + 120);
    }

    @Test
    @DisplayName("draw events that started in the same second as one line with one label")
    void groupsSimultaneousEvents() {
        var chaos = List.of(new ChaosRecord(20, "kill", "a", 20.1, 5, true, "done"),
                new ChaosRecord(20, "kill", "b", 20.3, 5, true, "done"),
                new ChaosRecord(40, "start", "a", 40.0, 5, false, "not executed: x"));
        assertThat(Png.chaosLabels(chaos)).containsExactly(Map.entry(20L, "kill a, kill b"),
                Map.entry(40L, "start a (not executed)"));
    }

    @Test
    @DisplayName("can be written again from the JSON alone")
    void fromJson(@TempDir Path dir) throws Exception {
        FailoverReports.write(sample(), dir, false, line -> { });
        Path again = dir.resolve("again");
        int exit = LoadTest.commandLine().execute("report", dir.resolve("failover.json").toString(),
                "--out", again.toString(), "--no-png");
        assertThat(exit).isZero();
        assertThat(Files.readString(again.resolve("failover-summary.md")))
                .isEqualTo(Files.readString(dir.resolve("failover-summary.md")));
        assertThat(again.resolve("failover.html")).exists();
    }

    @Test
    @DisplayName("summarise the stacks side by side, with the chaos events")
    void summary() {
        String table = ConsoleLines.failoverSummary(sample());
        assertThat(table).contains("| forced re-logins").contains("25").contains("6.0 s (240 ms each)")
                .contains("chaos at   4.0 s: kill sticky-app-1").contains("not executed");
        assertThat(table.lines().filter(line -> line.startsWith("|")).map(String::length).distinct()).hasSize(1);
    }

    @Test
    @DisplayName("print one line per second and stack, with who answered")
    void line() {
        String line = ConsoleLines.second("sticky", sample().stacks().get(0).seconds().get(4));
        assertThat(line).startsWith("[   5s] sticky").contains("401   25").contains("relogin   25")
                .contains("sticky-app-2:250").doesNotContain("sticky-app-1").endsWith("{HTTP 502=3}");
    }
}
