package lab.loadtest.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import lab.loadtest.failover.FailoverResult;

/** Writes a failover run's files: JSON (the data), HTML (charts), PNG (the main chart), Markdown (the table). */
public final class FailoverReports {
    private FailoverReports() {
    }

    public static List<Path> write(FailoverResult result, Path dir, boolean png, Consumer<String> log) throws IOException {
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Path json = dir.resolve("failover.json");
        Json.write(result, json);
        written.add(json);

        Path html = dir.resolve("failover.html");
        Files.writeString(html, Html.page("failover.html", "Failover run, " + result.startedAt(), result));
        written.add(html);

        Path markdown = dir.resolve("failover-summary.md");
        Files.writeString(markdown, "# Failover run, " + result.startedAt() + "\n\n" + ConsoleLines.failoverSummary(result) + "\n");
        written.add(markdown);

        if (png) {
            Path image = dir.resolve("failover.png");
            try {
                Png.failover(result, image);
                written.add(image);
            } catch (IOException | RuntimeException | LinkageError | InternalError e) {
                // A JRE without fonts (a slim container image) cannot draw text; the other reports stand.
                log.accept("no PNG: " + e + " (install fonts, e.g. fonts-dejavu-core, or pass --no-png)");
            }
        }
        return written;
    }
}
