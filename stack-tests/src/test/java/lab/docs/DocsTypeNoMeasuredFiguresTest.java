package lab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import lab.harness.LabStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The other half of {@link DocsQuoteGeneratedFiguresTest}: a measured figure appears in the prose of
 * the docs only as a quote of the file that the measuring command wrote, never typed. Measured here
 * means the units only the tools measure in: µs, req/s, Redis commands per request, and ratios to a
 * baseline as the tools print them (two decimals, then ×). Settings and targets (900 s, 0.8 × wrk)
 * are not measurements and do not match. Fenced code, quoted lines ({@code > }) and the generated
 * files themselves are not prose.
 */
@DisplayName("the docs type no measured figure: they quote the file that measured it")
class DocsTypeNoMeasuredFiguresTest {
    /** A number directly followed by a measuring unit, or a two-decimal ratio followed by ×. */
    static final Pattern MEASURED = Pattern.compile("\\d[\\d,.]*\\s?(µs|req/s|cmd/req)|\\b\\d\\.\\d\\d\\s?×");

    private final Path root = LabStack.repositoryRoot();

    @Test
    @DisplayName("no prose line of README.md, the module READMEs or docs/ holds a measured figure")
    void noTypedFigures() throws IOException {
        List<String> typed = new ArrayList<>();
        for (Path doc : QuotedFigures.docs(root)) {
            String name = root.relativize(doc).toString().replace('\\', '/');
            if (!QuotedFigures.GENERATED.contains(name)) {
                typed.addAll(typedFigures(name, Files.readAllLines(doc)));
            }
        }
        assertThat(typed).as("typed figures (quote the generated file instead: <!-- quote: docs/FILE -->)").isEmpty();
    }

    @Test
    @DisplayName("the check finds a typed figure, and lets quotes, code and settings pass")
    void theCheckFindsTypedFigures() {
        List<String> doc = List.of(
                "With the caches on, a Redis session answers 16,608 req/s.",
                "A token costs 79.8 µs per request, 0.71 × the baseline.",
                "> | redis-session | session | 16,608 | 0.79 |",
                "```",
                "wrk: 21,047 req/s",
                "```",
                "Tokens live 900 s; the issue's target is 0.8 × wrk.");
        assertThat(typedFigures("docs/x.md", doc)).containsExactly(
                "docs/x.md:1: With the caches on, a Redis session answers 16,608 req/s.",
                "docs/x.md:2: A token costs 79.8 µs per request, 0.71 × the baseline.");
    }

    static List<String> typedFigures(String doc, List<String> lines) {
        List<String> typed = new ArrayList<>();
        boolean code = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("```")) {
                code = !code;
            } else if (!code && !line.stripLeading().startsWith("> ") && MEASURED.matcher(line).find()) {
                typed.add(doc + ":" + (i + 1) + ": " + line);
            }
        }
        return typed;
    }
}
