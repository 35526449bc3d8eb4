package lab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Figures in the docs are quoted, never typed. A quote is a line {@code <!-- quote: docs/FILE -->}
 * followed by lines starting with {@code > }; each such line must still appear in the generated
 * file. When a fresh run changes a figure, this test names every quote that went stale.
 */
@DisplayName("docs quote only figures the generated files contain")
class DocsQuoteGeneratedFiguresTest {
    private static final String MARKER = "<!-- quote: ";
    private final Path root = Path.of(System.getProperty("lab.compose.file", "../docker-compose.yml"))
            .toAbsolutePath().getParent();

    record Quote(Path doc, int line, String source, String text) {
    }

    @Test
    @DisplayName("every quoted line is found, verbatim, in the file it names")
    void quotesMatchTheirSources() throws IOException {
        List<Quote> quotes = quotes();
        assertThat(quotes).as("quotes in README.md and docs/").isNotEmpty();
        assertThat(stale(quotes)).as("stale quotes (regenerate, then update the docs)").isEmpty();
    }

    @Test
    @DisplayName("the check catches one changed digit in a quoted figure")
    void oneChangedDigitIsCaught() throws IOException {
        Quote quote = quotes().stream().filter(q -> q.text().matches(".*\\d.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no quoted line with a figure"));
        String text = quote.text();
        int at = firstDigit(text);
        char changed = text.charAt(at) == '9' ? '0' : (char) (text.charAt(at) + 1);
        Quote tampered = new Quote(quote.doc(), quote.line(), quote.source(),
                text.substring(0, at) + changed + text.substring(at + 1));
        assertThat(stale(List.of(quote))).as("the quote as written").isEmpty();
        assertThat(stale(List.of(tampered))).as("the quote with one digit changed").hasSize(1);
    }

    private static int firstDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no digit in " + text);
    }

    /** The quotes that their source file no longer contains, each named with its place. */
    private List<String> stale(List<Quote> quotes) throws IOException {
        List<String> stale = new ArrayList<>();
        for (Quote quote : quotes) {
            Path source = root.resolve(quote.source());
            if (!Files.isRegularFile(source)) {
                stale.add(quote.doc() + ":" + quote.line() + " quotes a missing file " + quote.source());
            } else if (Files.readAllLines(source).stream().noneMatch(l -> l.contains(quote.text()))) {
                stale.add(quote.doc() + ":" + quote.line() + " is no longer in " + quote.source() + ": " + quote.text());
            }
        }
        return stale;
    }

    private List<Quote> quotes() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).forEach(docs::add);
        }
        List<Quote> quotes = new ArrayList<>();
        for (Path doc : docs) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.startsWith(MARKER) && line.endsWith("-->")) {
                    String source = line.substring(MARKER.length(), line.length() - 3).trim();
                    for (int j = i + 1; j < lines.size() && lines.get(j).startsWith("> "); j++) {
                        quotes.add(new Quote(root.relativize(doc), j + 1, source, lines.get(j).substring(2)));
                    }
                }
            }
        }
        return quotes;
    }
}
