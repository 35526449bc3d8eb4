package lab.loadtest;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The tool's command line run in this JVM, as a user would run it: its exit code and what it printed. */
public record CommandRun(int exit, String printed) {

    public static CommandRun of(String... args) {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            int exit = LoadTest.commandLine().execute(args);
            return new CommandRun(exit, printed.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(console);
        }
    }
}
