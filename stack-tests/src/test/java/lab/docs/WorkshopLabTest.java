package lab.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("a workshop lab is read as written: its bash blocks, and the observations under them")
class WorkshopLabTest {
    private static final List<String> LAB = List.of(
            "```bash",
            "R=http://127.0.0.1:8081",
            "```",
            "1. **Step.**",
            "",
            "   ```bash",
            "   for i in 1 2; do echo 403; done",
            "     echo indented",
            "   ```",
            "   <!-- expect 2x: ^403$ -->",
            "   <!-- expect: ^\\s*indented$ -->",
            "",
            "   Text that a reader sees.",
            "   <!-- expect: not under a block -->",
            "",
            "   ```bash",
            "   ./lab down && ./lab up --redis sentinel",
            "   ```",
            "   <!-- not run by CI: takes the stack down -->");
    private final WorkshopLab lab = WorkshopLab.parse(Path.of("00-example.md"), LAB);

    @Test
    @DisplayName("blocks keep their order and lose the list's indentation; expectations belong to the block above them")
    void blocksAndExpectations() {
        assertThat(lab.blocks()).hasSize(3);
        assertThat(lab.blocks().get(1).script()).isEqualTo("for i in 1 2; do echo 403; done\n  echo indented");
        assertThat(lab.blocks().get(0).expectations()).isEmpty();
        assertThat(lab.blocks().get(1).expectations()).hasSize(2);
        assertThat(lab.isExecutable()).isTrue();
    }

    @Test
    @DisplayName("a block marked as not run by CI is left out of the script, and may promise nothing")
    void blocksNotRun() {
        assertThat(lab.blocks().get(2).runs()).isFalse();
        assertThat(lab.script()).contains("@@@\\n' 1\n", "echo indented").doesNotContain("@@@\\n' 2\n", "./lab down");
        List<String> promising = List.of("```bash", "true", "```", "<!-- not run by CI: why -->", "<!-- expect: x -->");
        assertThatThrownBy(() -> WorkshopLab.parse(Path.of("00-example.md"), promising))
                .hasMessageContaining("00-example.md:1: a block not run by CI promises nothing");
    }

    @Test
    @DisplayName("a run keeps the promises only when each block's own output does: counts are exact")
    void promisesAreCheckedPerBlock() {
        String kept = "\n@@@ block 0 @@@\n\n@@@ block 1 @@@\n403\n403\n  indented\n";
        assertThat(lab.failures(kept)).isEmpty();
        String oneShort = "\n@@@ block 0 @@@\n403\n\n@@@ block 1 @@@\n403\n  indented\n";
        assertThat(lab.failures(oneShort)).singleElement().asString().contains("00-example.md:6", "2 lines matching");
        assertThat(lab.failures("\n@@@ block 0 @@@\n")).hasSize(2);
    }
}
