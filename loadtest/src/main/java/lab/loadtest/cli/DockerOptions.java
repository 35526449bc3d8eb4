package lab.loadtest.cli;

import lab.loadtest.docker.DockerAccess;
import picocli.CommandLine.Option;

/** {@code --no-docker} and {@code --compose-project}: whether and where the Docker API is used. */
public final class DockerOptions {
    @Option(names = "--no-docker",
            description = "Never use the Docker API: chaos events are announced for a person to do, server counters are not read.")
    boolean noDocker;

    // Like docker compose itself: COMPOSE_PROJECT_NAME when set (the test suites' own stacks set it).
    @Option(names = "--compose-project", defaultValue = "${env:COMPOSE_PROJECT_NAME:-session-vs-token-lab}",
            description = "Compose project whose containers are acted on and measured. "
                    + "Default: $COMPOSE_PROJECT_NAME, else session-vs-token-lab; now ${DEFAULT-VALUE}")
    String composeProject;

    public DockerAccess.Plan plan() {
        return new DockerAccess.Plan(!noDocker, composeProject);
    }
}
