package lab.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workshop lab as written: its {@code ```bash} blocks in order, and under a block the observations
 * it promises, as HTML comments a reader does not see:
 * <pre>
 *   &lt;!-- expect: REGEX --&gt;      some line of the block's output matches
 *   &lt;!-- expect 4x: REGEX --&gt;   exactly four lines match (0x: none does)
 *   &lt;!-- not run by CI: WHY --&gt;   the block is left out of the run (the page says which tests
 *                                  check that step instead)
 * </pre>
 * All blocks run in one bash, so the setup block's variables and functions hold for the steps.
 */
public record WorkshopLab(Path file, List<Block> blocks) {
    private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)```bash\\s*$");
    private static final Pattern FENCE_CLOSE = Pattern.compile("^\\s*```\\s*$");
    private static final Pattern EXPECT = Pattern.compile("^\\s*<!-- expect(?: (\\d+)x)?: (.+?) -->\\s*$");
    private static final Pattern NOT_RUN = Pattern.compile("^\\s*<!-- not run by CI: (.+?) -->\\s*$");
    private static final Pattern MARKER = Pattern.compile("^@@@ block (\\d+) @@@$", Pattern.MULTILINE);

    /** An observation: a pattern some line matches, or exactly {@code lines} lines match. */
    public record Expectation(Optional<Integer> lines, Pattern pattern) {
        Optional<String> failure(String output) {
            long matching = output.lines().filter(line -> pattern.matcher(line).find()).count();
            if (lines.isPresent() && matching != lines.get()) {
                return Optional.of(lines.get() + " lines matching /" + pattern + "/, found " + matching);
            }
            return lines.isEmpty() && matching == 0 ? Optional.of("a line matching /" + pattern + "/") : Optional.empty();
        }
    }

    /**
     * One {@code ```bash} block: where it starts in the file, its commands, what it promises, and
     * whether a run includes it.
     */
    public record Block(int line, String script, List<Expectation> expectations, boolean runs) {
    }

    public static WorkshopLab read(Path file) throws IOException {
        return parse(file, Files.readAllLines(file));
    }

    static WorkshopLab parse(Path file, List<String> lines) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE_OPEN.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int start = i + 1;
            int indent = open.group(1).length();
            List<String> script = new ArrayList<>();
            for (i++; i < lines.size() && !FENCE_CLOSE.matcher(lines.get(i)).matches(); i++) {
                String line = lines.get(i);
                script.add(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent) : line.strip());
            }
            List<Expectation> expectations = new ArrayList<>();
            boolean runs = true;
            for (int j = i + 1; j < lines.size() && (lines.get(j).isBlank() || EXPECT.matcher(lines.get(j)).matches()
                    || NOT_RUN.matcher(lines.get(j)).matches()); j++) {
                Matcher expect = EXPECT.matcher(lines.get(j));
                if (expect.matches()) {
                    expectations.add(new Expectation(Optional.ofNullable(expect.group(1)).map(Integer::valueOf),
                            Pattern.compile(expect.group(2))));
                }
                runs &= !NOT_RUN.matcher(lines.get(j)).matches();
            }
            if (!runs && !expectations.isEmpty()) {
                throw new IllegalArgumentException(file.getFileName() + ":" + start + ": a block not run by CI promises nothing");
            }
            blocks.add(new Block(start, String.join("\n", script), expectations, runs));
        }
        return new WorkshopLab(file, blocks);
    }

    /** Whether the lab promises anything a run can check. */
    public boolean isExecutable() {
        return blocks.stream().anyMatch(block -> !block.expectations().isEmpty());
    }

    /** Every block that runs, in order, each announced by a marker line, so that the output can be split again. */
    public String script() {
        StringBuilder script = new StringBuilder();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).runs()) {
                script.append("printf '\\n@@@ block %d @@@\\n' ").append(i).append('\n').append(blocks.get(i).script()).append('\n');
            }
        }
        return script.toString();
    }

    /** The promises the run's output does not keep, each named with its block's line in the file. */
    public List<String> failures(String output) {
        List<String> outputs = new ArrayList<>(blocks.stream().map(b -> "").toList());
        Matcher marker = MARKER.matcher(output);
        int block = -1;
        int from = 0;
        while (marker.find()) {
            if (block >= 0) {
                outputs.set(block, output.substring(from, marker.start()));
            }
            block = Integer.parseInt(marker.group(1));
            from = marker.end();
        }
        if (block >= 0) {
            outputs.set(block, output.substring(from));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String blockOutput = outputs.get(i);
            int line = blocks.get(i).line();
            blocks.get(i).expectations().stream().map(e -> e.failure(blockOutput)).flatMap(Optional::stream)
                    .map(missing -> file.getFileName() + ":" + line + ": expected " + missing)
                    .forEach(failures::add);
        }
        return failures;
    }

    @Override
    public String toString() {
        return file.getFileName() + " (" + blocks.size() + " blocks, "
                + blocks.stream().filter(b -> !b.runs()).count() + " not run, "
                + blocks.stream().mapToInt(b -> b.expectations().size()).sum() + " observations)";
    }
}
