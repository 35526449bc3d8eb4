package lab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lab.harness.LabStack;
import lab.stack.FailoverRecord.Fault;
import lab.stack.FailoverRecord.StackName;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code docs/failover-results.json} (and the Markdown beside it) must be a run of the
 * suite as it stands: the same cells, named as the tests name them, every one holding. A cell added,
 * renamed or moved without {@code ./lab results} fails here, without a stack. Whether each cell still
 * holds is what {@link FailoverMatrixTest} itself checks on every run.
 */
@DisplayName("the committed failover results are a run of this suite")
class FailoverResultsDocTest {
    private final Path docs = LabStack.repositoryRoot().resolve("docs");

    /** A cell as the docs and the code both name it. */
    record CellName(int row, String fault, String stack, String expectation) {
    }

    @Test
    @DisplayName("docs/failover-results.json lists exactly the cells of FailoverMatrixTest, each holding")
    void sameCellsAllHolding() throws IOException {
        JsonNode committed = new ObjectMapper().readTree(docs.resolve("failover-results.json").toFile()).get("cells");
        List<CellName> inDocs = new ArrayList<>();
        List<CellName> notHolding = new ArrayList<>();
        for (JsonNode cell : committed) {
            CellName name = new CellName(cell.get("row").asInt(), cell.get("fault").asText(), cell.get("stack").asText(),
                    cell.get("expectation").asText());
            inDocs.add(name);
            if (!cell.get("passed").asBoolean(false)) {
                notHolding.add(name);
            }
        }
        assertThat(inDocs).as("cells in docs/failover-results.json (run ./lab results after changing the suite)")
                .containsExactlyInAnyOrderElementsOf(cellsOfTheSuite());
        assertThat(notHolding).as("committed cells that did not hold").isEmpty();
    }

    /** Every test of the matrix: its class's fault and row, its stack, its display name (the expectation). */
    private static List<CellName> cellsOfTheSuite() {
        List<CellName> cells = new ArrayList<>();
        for (Class<?> nested : FailoverMatrixTest.class.getDeclaredClasses()) {
            Fault fault = nested.getAnnotation(Fault.class);
            if (fault == null) {
                continue;
            }
            for (Method test : nested.getDeclaredMethods()) {
                StackName stack = test.getAnnotation(StackName.class);
                if (stack != null) {
                    cells.add(new CellName(fault.row(), fault.value(), stack.value(),
                            test.getAnnotation(DisplayName.class).value()));
                }
            }
        }
        assertThat(cells).as("cells found in FailoverMatrixTest").isNotEmpty();
        return cells;
    }
}
