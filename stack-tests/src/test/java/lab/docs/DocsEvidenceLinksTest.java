package lab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import lab.docs.EvidenceLinks.Link;
import lab.harness.LabStack;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("docs cite only tests that exist under the name they give")
class DocsEvidenceLinksTest {
    private final Path root = LabStack.repositoryRoot();

    @Test
    @DisplayName("every [SomeTest › scenario](file) link names a scenario of that file")
    void everyCitedScenarioExists() throws IOException {
        List<Link> links = EvidenceLinks.links(root);
        assertThat(links).as("evidence links in README.md, the module READMEs and docs/").hasSizeGreaterThan(50);
        assertThat(EvidenceLinks.broken(links)).as("links to renamed or missing scenarios").isEmpty();
    }

    @Test
    @DisplayName("the check catches a renamed scenario and a moved file")
    void renamesAreCaught() throws IOException {
        Link link = EvidenceLinks.links(root).get(0);
        Link renamed = new Link(link.doc(), link.line(), link.testClass(), link.name() + " (renamed)", link.source());
        Link moved = new Link(link.doc(), link.line(), link.testClass(), link.name(), link.source().resolveSibling("Gone.java"));
        assertThat(EvidenceLinks.broken(List.of(link))).as("the link as written").isEmpty();
        assertThat(EvidenceLinks.broken(List.of(renamed, moved))).hasSize(2);
    }

    @Test
    @DisplayName("names are read as JUnit shows them: concatenated literals, parameterized arguments, a cited start")
    void namesAsJUnitShowsThem() {
        Set<String> names = EvidenceLinks.scenarioNames("""
                @DisplayName("a long name, " + "split in two")
                @ParameterizedTest(name = "{index}: {0} tokens are refused")
                void plainMethod() {}
                """);
        assertThat(EvidenceLinks.isNamed("a long name, split in two", names)).isTrue();
        assertThat(EvidenceLinks.isNamed("EdDSA tokens are refused", names)).isTrue();
        assertThat(EvidenceLinks.isNamed("plainMethod", names)).isTrue();
        assertThat(EvidenceLinks.isNamed("a long name, ...", names)).isTrue();
        assertThat(EvidenceLinks.isNamed("a long name", names)).isFalse();
        assertThat(EvidenceLinks.isNamed("tokens are refused", names)).isFalse();
    }
}
