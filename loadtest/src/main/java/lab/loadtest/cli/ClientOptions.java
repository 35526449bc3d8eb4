package lab.loadtest.cli;

import picocli.CommandLine.Option;

/** {@code --clients}: how many I/O threads this generator's HTTP client uses. */
public final class ClientOptions {
    @Option(names = "--clients", defaultValue = "2",
            description = "I/O threads of the HTTP client (selectors), each serving its share of the connections. Default: ${DEFAULT-VALUE}")
    int clients;

    public int ioThreads() {
        return clients;
    }
}
