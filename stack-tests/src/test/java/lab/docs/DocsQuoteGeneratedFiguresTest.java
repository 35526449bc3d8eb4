package lab.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import lab.docs.QuotedFigures.Quote;
import lab.harness.LabStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Figures in the docs are quoted, never typed ({@link QuotedFigures}: a line
 * {@code <!-- quote: docs/FILE -->} followed by lines starting with {@code > }); each quoted line
 * must still appear in the generated file. When a fresh run changes a figure, this test names
 * every quote that went stale, and {@code QuotedFigures.main} (run by {@code ./lab results bench})
 * rewrites them from the new file.
 */
@DisplayName("docs quote only figures the generated files contain")
class DocsQuoteGeneratedFiguresTest {
    private final Path root = LabStack.repositoryRoot();

    @Test
    @DisplayName("every quoted line is found, verbatim, in the file it names")
    void quotesMatchTheirSources() throws IOException {
        List<Quote> quotes = QuotedFigures.quotes(root);
        assertThat(quotes).as("quotes in README.md and docs/").isNotEmpty();
        assertThat(QuotedFigures.stale(root, quotes)).as("stale quotes (regenerate, then update the docs)").isEmpty();
    }

    @Test
    @DisplayName("the check catches one changed digit in a quoted figure")
    void oneChangedDigitIsCaught() throws IOException {
        Quote quote = QuotedFigures.quotes(root).stream().filter(q -> q.text().matches(".*\\d.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no quoted line with a figure"));
        String text = quote.text();
        int at = firstDigit(text);
        char changed = text.charAt(at) == '9' ? '0' : (char) (text.charAt(at) + 1);
        Quote tampered = new Quote(quote.doc(), quote.line(), quote.source(),
                text.substring(0, at) + changed + text.substring(at + 1), quote.header());
        assertThat(QuotedFigures.stale(root, List.of(quote))).as("the quote as written").isEmpty();
        assertThat(QuotedFigures.stale(root, List.of(tampered))).as("the quote with one digit changed").hasSize(1);
    }

    @Test
    @DisplayName("the check refuses a truncated line: a quote is a whole line of its source")
    void truncatedLinesAreCaught() throws IOException {
        Quote quote = QuotedFigures.quotes(root).stream().filter(q -> q.text().startsWith("|") && q.text().length() > 20)
                .findFirst().orElseThrow(() -> new AssertionError("no quoted table row"));
        String text = quote.text();
        Quote truncated = new Quote(quote.doc(), quote.line(), quote.source(),
                text.substring(0, text.lastIndexOf('|', text.length() - 2) + 1), quote.header());
        assertThat(QuotedFigures.stale(root, List.of(truncated))).as("the row without its last column").hasSize(1);
    }

    @Test
    @DisplayName("the check refuses a quote of a file that no command generates")
    void ungeneratedSourcesAreRefused() throws IOException {
        Quote quote = QuotedFigures.quotes(root).get(0);
        Quote handWritten = new Quote(quote.doc(), quote.line(), "README.md", "## The two commands", Optional.empty());
        assertThat(QuotedFigures.stale(root, List.of(handWritten))).singleElement(STRING).contains("which no command generates");
    }

    @Test
    @DisplayName("a stale quote is refreshed from the row of the same name under the same header, or left when that is ambiguous")
    void staleQuotesFindTheirCounterpart() {
        List<String> source = List.of(
                "Baseline: no-auth. Machine: 2 cores, load average 0.80 before, 1.20 after.",
                "",
                "| target | req/s |", "|---|---:|", "| no-auth | 21,000 |", "| redis-session | 19,500 |",
                "",
                "| target | bytes |", "|---|---:|", "| no-auth | 73 B |", "| redis-session | 144 B |");
        Path doc = Path.of("docs/x.md");
        Quote row = new Quote(doc, 3, "docs/y.md", "| redis-session | 18,900 |", Optional.of("| target | req/s |"));
        assertThat(QuotedFigures.counterpart(row, source)).contains("| redis-session | 19,500 |");
        Quote otherTable = new Quote(doc, 3, "docs/y.md", "| redis-session | 150 B |", Optional.of("| target | bytes |"));
        assertThat(QuotedFigures.counterpart(otherTable, source)).contains("| redis-session | 144 B |");
        Quote noHeader = new Quote(doc, 3, "docs/y.md", "| redis-session | 18,900 |", Optional.empty());
        assertThat(QuotedFigures.counterpart(noHeader, source)).as("two tables have that row").isEmpty();
        Quote prose = new Quote(doc, 1, "docs/y.md", "Baseline: no-auth. Machine: 2 cores, load average 7.83 before.", Optional.empty());
        assertThat(QuotedFigures.counterpart(prose, source)).contains(source.get(0));
        Quote gone = new Quote(doc, 3, "docs/y.md", "| jwt-hs256 | 16,000 |", Optional.of("| target | req/s |"));
        assertThat(QuotedFigures.counterpart(gone, source)).isEmpty();
        List<String> verdicts = List.of("| fault | stack | result |", "| --- | --- | --- |",
                "| Redis killed | sticky | **holds** |", "| Redis killed | tokens | **holds** |");
        Quote failed = new Quote(doc, 3, "docs/y.md", "| Redis killed | tokens | **FAILED** |", Optional.of(verdicts.get(0)));
        assertThat(QuotedFigures.counterpart(failed, verdicts)).as("the row that shares the most leading cells")
                .contains("| Redis killed | tokens | **holds** |");
    }

    @Test
    @DisplayName("a table that gained a column: its header, its separator and its rows are found under the new header")
    void aTableWithANewColumn() {
        List<String> source = List.of(
                "| target | req/s | rounds |", "|---|---:|---:|", "| no-auth | 21,000 | 1.00-1.00 |",
                "| redis-session | 19,500 | 0.90-0.96 |",
                "",
                "| target | req/s | rounds |", "|---|---:|---:|", "| nginx/redis-session | 9,000 | 0.91-0.95 |",
                "",
                "| target | bytes |", "|---|---:|", "| redis-session | 144 B |");
        Path doc = Path.of("docs/x.md");
        String oldHeader = "| target | req/s |";
        Quote header = new Quote(doc, 1, "docs/y.md", oldHeader, Optional.empty());
        assertThat(QuotedFigures.counterpart(header, source)).as("two tables with the same header: one line")
                .contains("| target | req/s | rounds |");
        Quote separator = new Quote(doc, 2, "docs/y.md", "|---|---:|", Optional.of(oldHeader));
        assertThat(QuotedFigures.counterpart(separator, source)).contains("|---|---:|---:|");
        Quote row = new Quote(doc, 3, "docs/y.md", "| redis-session | 18,900 |", Optional.of(oldHeader));
        assertThat(QuotedFigures.counterpart(row, source)).contains("| redis-session | 19,500 | 0.90-0.96 |");
    }

    private static int firstDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no digit in " + text);
    }
}
