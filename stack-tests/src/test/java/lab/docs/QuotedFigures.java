package lab.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Figures the docs quote from generated files. A quote is a line {@code <!-- quote: docs/FILE -->}
 * followed by lines starting with {@code > }; each must be a whole line, verbatim, of the file it
 * names (a truncated row would hide the columns it drops), and that file must be one of those a
 * command generates ({@link #GENERATED}).
 * {@link DocsQuoteGeneratedFiguresTest} checks that; {@link #main} refreshes stale quotes after a
 * new run wrote the file again ({@code ./lab results bench}), so that nobody types a figure.
 *
 * <p>A stale line is replaced by the line that now stands in its place: for a table row, the row
 * under the same header (the nearest header line quoted above it) that starts with the most cells
 * equal to the quoted row's, at least the first; when that header is itself stale (a column was
 * added or dropped), the header that starts most like it, and the separator under it; for any other
 * line, the line that starts with the same text up to its first digit. A line with no such
 * counterpart, or more than one, is left as it is and named.
 */
public final class QuotedFigures {
    static final String MARKER = "<!-- quote: ";

    private QuotedFigures() {
    }

    /** One quoted line: where it is, which file it quotes, its text, and the table header quoted above it. */
    record Quote(Path doc, int line, String source, String text, Optional<String> header) {
    }

    /**
     * The files a quote may name: what a command of the repository writes ({@code ./lab results ...}).
     * A quote of a hand-written file would guard nothing.
     */
    static final List<String> GENERATED = List.of("docs/bench-results.md", "docs/calibrate-results.md",
            "docs/failover-results.md", "docs/browser-results.md", "docs/loadtest-sample/failover-summary.md",
            "docs/near-cache-results.md");

    /** Every quote in README.md, the modules' READMEs and docs/ (recursively) of the repository at {@code root}. */
    static List<Quote> quotes(Path root) throws IOException {
        List<Quote> quotes = new ArrayList<>();
        for (Path doc : docs(root)) {
            List<String> lines = Files.readAllLines(doc);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.startsWith(MARKER) && line.endsWith("-->")) {
                    String source = line.substring(MARKER.length(), line.length() - 3).trim();
                    Optional<String> header = Optional.empty();
                    // Indented like its marker, a quote can sit inside a list item.
                    for (int j = i + 1; j < lines.size() && lines.get(j).stripLeading().startsWith("> "); j++) {
                        String text = lines.get(j).stripLeading().substring(2);
                        quotes.add(new Quote(root.relativize(doc), j + 1, source, text, header));
                        String next = j + 1 < lines.size() ? lines.get(j + 1).stripLeading() : "";
                        if (isTableRow(text) && next.startsWith("> ") && isSeparator(next.substring(2))) {
                            header = Optional.of(text);
                        }
                    }
                }
            }
        }
        return quotes;
    }

    /** README.md, each module's README.md, and every Markdown file under docs/. */
    static List<Path> docs(Path root) throws IOException {
        List<Path> docs = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> modules = Files.list(root)) {
            modules.map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(docs::add);
        }
        try (Stream<Path> walk = Files.walk(root.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    /** The quotes that their source file no longer contains, each named with its place. */
    static List<String> stale(Path root, List<Quote> quotes) throws IOException {
        List<String> stale = new ArrayList<>();
        for (Quote quote : quotes) {
            Path source = root.resolve(quote.source());
            if (!GENERATED.contains(quote.source())) {
                stale.add(quote.doc() + ":" + quote.line() + " quotes " + quote.source() + ", which no command generates");
            } else if (!Files.isRegularFile(source)) {
                stale.add(quote.doc() + ":" + quote.line() + " quotes a missing file " + quote.source());
            } else if (!Files.readAllLines(source).contains(quote.text())) {
                stale.add(quote.doc() + ":" + quote.line() + " is no longer in " + quote.source() + ": " + quote.text());
            }
        }
        return stale;
    }

    /** The line of {@code source} that now stands where the quoted one stood, if exactly one does. */
    static Optional<String> counterpart(Quote quote, List<String> source) {
        if (!isTableRow(quote.text())) {
            String prefix = upToFirstDigit(quote.text());
            return single(source.stream().filter(l -> !prefix.isEmpty() && l.startsWith(prefix)).toList());
        }
        // A table that gained or lost a column has a new header: its rows are under the new one.
        Optional<String> header = quote.header().map(h -> source.contains(h) ? h : bestRow(cells(h), source, true, null).orElse(h));
        if (isSeparator(quote.text())) {
            int at = header.map(source::indexOf).orElse(-1);
            return at >= 0 && at + 1 < source.size() ? Optional.of(source.get(at + 1)) : Optional.empty();
        }
        // A quote that starts the table is its header (or a row quoted without one): headers count then.
        return bestRow(cells(quote.text()), source, quote.header().isEmpty(), header.orElse(null));
    }

    /**
     * The one row of {@code source} (under {@code header}, when given) that starts with the most cells
     * equal to {@code quoted}'s, at least the first; header lines count only with {@code headers}.
     */
    private static Optional<String> bestRow(List<String> quoted, List<String> source, boolean headers, String header) {
        List<String> candidates = new ArrayList<>();
        int best = 1; // at least the first cell, the row's name
        String current = null;
        for (int i = 0; i < source.size(); i++) {
            String line = source.get(i);
            boolean isHeader = isTableRow(line) && i + 1 < source.size() && isSeparator(source.get(i + 1));
            if (isHeader) {
                current = line;
            } else if (!isTableRow(line)) {
                current = null;
            }
            boolean eligible = isHeader ? headers
                    : current != null && !isSeparator(line) && (header == null || header.equals(current));
            if (eligible) {
                int same = sameLeadingCells(quoted, cells(line));
                if (same > best) {
                    best = same;
                    candidates.clear();
                }
                if (same == best) {
                    candidates.add(line);
                }
            }
        }
        return single(candidates);
    }

    /** The candidate, if there is exactly one (the same line twice, e.g. two tables' equal headers, is one). */
    private static Optional<String> single(List<String> candidates) {
        List<String> distinct = candidates.stream().distinct().toList();
        return distinct.size() == 1 ? Optional.of(distinct.get(0)) : Optional.empty();
    }

    private static int sameLeadingCells(List<String> a, List<String> b) {
        int same = 0;
        while (same < a.size() && same < b.size() && a.get(same).equals(b.get(same))) {
            same++;
        }
        return same;
    }

    /** A table's line under its header: {@code |---|---:|} or {@code | --- | --- |}. */
    private static boolean isSeparator(String line) {
        return line.matches("\\|\\s*:?-{3,}.*");
    }

    private static boolean isTableRow(String line) {
        return line.startsWith("|");
    }

    /** A table row's cells, trimmed: {@code | a | b |} is [a, b]. */
    private static List<String> cells(String row) {
        String[] parts = row.split("\\|");
        List<String> cells = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            cells.add(parts[i].trim());
        }
        return cells;
    }

    private static String upToFirstDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /**
     * Rewrites every stale quote of the repository at {@code args[0]} (default: the working
     * directory) with its counterpart; exits 1 and names the quotes it could not refresh.
     */
    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<String> unresolved = new ArrayList<>();
        int refreshed = 0;
        for (Quote quote : quotes(root)) {
            List<String> source = Files.isRegularFile(root.resolve(quote.source()))
                    ? Files.readAllLines(root.resolve(quote.source())) : List.of();
            if (source.contains(quote.text()) || !GENERATED.contains(quote.source())) {
                continue;
            }
            Optional<String> now = counterpart(quote, source);
            if (now.isEmpty()) {
                unresolved.add(quote.doc() + ":" + quote.line() + ": " + quote.text());
                continue;
            }
            Path doc = root.resolve(quote.doc());
            List<String> lines = new ArrayList<>(Files.readAllLines(doc));
            String line = lines.get(quote.line() - 1);
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            lines.set(quote.line() - 1, indent + "> " + now.get());
            Files.write(doc, lines);
            refreshed++;
        }
        System.out.println("quotes refreshed: " + refreshed);
        if (!unresolved.isEmpty()) {
            System.out.println("no single counterpart, left as they are (edit them by hand):");
            unresolved.forEach(u -> System.out.println("  " + u));
            System.exit(1);
        }
    }
}
