package lab.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import lab.harness.LabStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code docs/browser-results.md} must show what the browser tests assert today: a
 * setting added, or an expected outcome changed, without {@code ./lab results} fails here, without a
 * browser. That a run still observes those outcomes is what {@link CsrfBrowserTest} checks.
 */
@DisplayName("the committed browser results are what the browser tests assert")
class BrowserResultsDocTest {
    private static final String CSRF_TABLE_HEADER = "| setting | session stacks:";

    private final Path committed = LabStack.repositoryRoot().resolve("docs/browser-results.md");

    @Test
    @DisplayName("section 4's table lists exactly the settings of CsrfBrowserTest, each with the outcomes the test asserts")
    void csrfTableAsAsserted() throws IOException {
        List<String> expected = CsrfBrowserTest.allSettings().stream()
                .sorted(Comparator.comparing(CsrfBrowserTest.Setting::key))
                .map(setting -> CsrfBrowserTest.summaryRow(setting, setting.expected()))
                .toList();
        assertThat(csrfTable(Files.readAllLines(committed)))
                .as("rows of the CSRF table in %s (run ./lab results after changing CsrfBrowserTest)", committed)
                .containsExactlyElementsOf(expected);
    }

    /** The rows under the table's header and separator, up to the first line that is not a row. */
    private static List<String> csrfTable(List<String> lines) {
        int header = lines.stream().filter(l -> l.startsWith(CSRF_TABLE_HEADER)).findFirst().map(lines::indexOf)
                .orElseThrow(() -> new AssertionError("no CSRF table (" + CSRF_TABLE_HEADER + "...)"));
        return lines.subList(header + 2, lines.size()).stream().takeWhile(l -> l.startsWith("|")).toList();
    }
}
