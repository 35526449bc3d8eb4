package lab.common.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * How long a change made on instance A took to be refused by instance B, whose near cache had the
 * old answer: what the near-cache tests measure, round by round. {@link #report} prints it and
 * writes it as a Markdown row to {@code target/near-cache/NAME.md}, which {@code ./lab results
 * near-cache} gathers into {@code docs/near-cache-results.md}, the figure the docs quote.
 */
public final class InvalidationDelays {
    private final Histogram micros = new Histogram(3);

    /** One round: B refused the change {@code nanos} after A had made it. */
    public void record(long nanos) {
        micros.recordValue(nanos / 1_000);
    }

    /**
     * Prints the figures and writes them to {@code target/near-cache/NAME.md} (the module's directory
     * is the working one), as a row under the lab script's header: near cache, change, rounds, p50,
     * p95 and slowest in ms.
     */
    public void report(String name, String cache, String change) {
        String row = String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f |", cache, change, micros.getTotalCount(),
                micros.getValueAtPercentile(50) / 1e3, micros.getValueAtPercentile(95) / 1e3, micros.getMaxValue() / 1e3);
        System.out.println(cache + ", " + change + " on A refused by B: " + row);
        try {
            Path file = Path.of("target", "near-cache", name + ".md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, row + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
