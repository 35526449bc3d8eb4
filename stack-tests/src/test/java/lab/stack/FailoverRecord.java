package lab.stack;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Records what each failover cell observed, phase by phase, and whether its test passed; at the
 * end of the run writes {@code failover-results.json} and the Markdown table made from it into
 * {@code lab.results.dir}. Nothing in those files is typed by hand.
 */
public final class FailoverRecord implements ParameterResolver, TestWatcher {

    /** One cell of the matrix: a fault, a stack, the expectation (the test's name), what happened. */
    @JsonPropertyOrder({"row", "fault", "stack", "expectation", "passed", "phases", "measured"})
    public static final class Cell {
        public final int row;
        public final String fault;
        public final String stack;
        public final String expectation;
        public Boolean passed;
        public final Map<String, Counts.Snapshot> phases = new LinkedHashMap<>();
        /** Figures a cell measures beyond the counts, e.g. how long a failover took; in the order measured. */
        public final Map<String, Object> measured = new LinkedHashMap<>();

        Cell(int row, String fault, String stack, String expectation) {
            this.row = row;
            this.fault = fault;
            this.stack = stack;
            this.expectation = expectation;
        }

        /** Adds what the users saw in one phase (before, during, after the fault). */
        public Counts.Snapshot phase(String name, Counts counts) {
            Counts.Snapshot snapshot = counts.snapshot();
            phases.put(name, snapshot);
            return snapshot;
        }

        /** Records one figure under a name that says what it is and in which unit. */
        public void measured(String what, Object value) {
            measured.put(what, value);
        }
    }

    /** All cells of one run; written when JUnit closes the root store at the end of the run. */
    static final class Run implements AutoCloseable {
        private final Map<String, Cell> cells = new ConcurrentHashMap<>();

        @Override
        public void close() {
            Path dir = Path.of(System.getProperty("lab.results.dir", "target"));
            List<Cell> sorted = new ArrayList<>(cells.values());
            sorted.sort(Comparator.comparingInt((Cell c) -> c.row).thenComparing(c -> c.stack));
            try {
                Files.createDirectories(dir);
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValue(dir.resolve("failover-results.json").toFile(), Map.of("cells", sorted));
                Files.writeString(dir.resolve("failover-results.md"), FailoverTable.markdown(sorted));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Run run(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Run.class, key -> new Run(), Run.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Cell.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Fault fault = context.getRequiredTestClass().getAnnotation(Fault.class);
        StackName stack = context.getRequiredTestMethod().getAnnotation(StackName.class);
        Cell cell = new Cell(fault.row(), fault.value(), stack.value(), context.getDisplayName());
        run(context).cells.put(context.getUniqueId(), cell);
        return cell;
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        mark(context, true);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        mark(context, false);
    }

    private static void mark(ExtensionContext context, boolean passed) {
        Cell cell = run(context).cells.get(context.getUniqueId());
        if (cell != null) {
            cell.passed = passed;
        }
    }

    /** The matrix row a test class covers. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface Fault {
        int row();

        String value();
    }

    /** The stack a test method covers: {@code sticky}, {@code redis-sessions} or {@code tokens}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface StackName {
        String value();
    }
}
