package lab.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lab.docs.WorkshopLab;
import lab.harness.LabStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The workshop labs whose observations are written down under their commands ({@link WorkshopLab})
 * are run as an attendee would: every block in order, in one bash, against the compose stack, from
 * a directory of their own under {@code target/workshop-labs/} (the labs write cookie jars and JSON
 * files where they run), where the script and what it printed ({@code transcript.txt}) are kept.
 */
@ResourceLock(LabStack.OWN_PORTS)
@DisplayName("the workshop labs, run as written against the compose stack")
class WorkshopLabsTest {
    private static final Path ROOT = LabStack.repositoryRoot();
    private static final long BOUND_SECONDS = 420; // lab 03 switches to Sentinels and back, lab 13 to a cluster and back
    private static final List<String> SERVICES = Stream.concat(Stream.of("redis", "nginx"), LabStack.APPS.stream()).toList();

    @BeforeAll
    static void stackIsUp() {
        LabStack.get();
    }

    static Stream<String> labs() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("docs/workshop"))) {
            List<Path> labs = files.filter(f -> f.getFileName().toString().matches("\\d\\d-.*\\.md")).sorted().toList();
            List<Path> executable = labs.stream().filter(WorkshopLabsTest::executable).toList();
            assertThat(executable).as("labs with written observations").isNotEmpty();
            return executable.stream().map(lab -> lab.getFileName().toString())
                    .filter(name -> name.startsWith(System.getProperty("lab.workshop.only", ""))); // e.g. -Dlab.workshop.only=03 while working on it
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labs")
    void runsAsWritten(String name) throws Exception {
        Path file = ROOT.resolve("docs/workshop").resolve(name);
        WorkshopLab lab = WorkshopLab.read(file);
        Path runs = Files.createDirectories(ROOT.resolve("stack-tests/target/workshop-labs"));
        Path workDir = Files.createTempDirectory(runs, name.replace(".md", "-"));
        linkRepositoryInto(workDir);
        // From a file, not on bash's stdin: a command that reads stdin (docker compose exec) would eat the script.
        Path script = Files.writeString(workDir.resolve("lab.sh"), lab.script());
        Process bash = LabStack.get().shell(workDir.toFile(), script.toFile()).start();
        bash.getOutputStream().close();
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(bash.getInputStream()));
        boolean finished = bash.waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            bash.descendants().forEach(ProcessHandle::destroyForcibly);
            bash.destroyForcibly();
        }
        String transcript = new String(output.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        Path kept = Files.writeString(workDir.resolve("transcript.txt"), transcript);
        assertThat(finished).as("%s ran within %d s", name, BOUND_SECONDS).isTrue();
        assertThat(lab.failures(transcript)).as("observations %s promises (the run's output: %s)", name, kept)
                .isEmpty();
        // A lab that kills or restarts instances starts them again: the next one finds the stack whole.
        LabStack.get().awaitHealthy(SERVICES.toArray(String[]::new));
    }

    /**
     * The labs run from the repository's root as an attendee does ({@code ./lab kill ...}, {@code
     * docker compose} reading {@code docker-compose.yml} and {@code ./lab up}'s {@code .env}, {@code java
     * -jar loadtest/target/loadtest.jar}): the work directory links to every top-level entry but
     * {@code target}, so what a lab writes stays in the work directory.
     */
    private static void linkRepositoryInto(Path workDir) throws IOException {
        try (Stream<Path> entries = Files.list(ROOT)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals("target")) {
                    Files.createSymbolicLink(workDir.resolve(entry.getFileName()), entry);
                }
            }
        }
    }

    private static boolean executable(Path file) {
        try {
            return WorkshopLab.read(file).isExecutable();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
