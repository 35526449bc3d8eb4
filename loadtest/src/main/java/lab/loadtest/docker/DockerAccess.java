package lab.loadtest.docker;

import java.util.Optional;

/** The Docker API for a run: connected, or not, with the reason a person can act on. */
public sealed interface DockerAccess extends AutoCloseable permits DockerAccess.Connected, DockerAccess.Unavailable {

    /** The engine, when there is one. */
    Optional<ComposeDocker> docker();

    /** "Docker 20.10.24 at unix:///var/run/docker.sock, compose project ...", or why not. */
    String describe();

    @Override
    default void close() {
        docker().ifPresent(ComposeDocker::close);
    }

    record Connected(ComposeDocker engine) implements DockerAccess {
        @Override
        public Optional<ComposeDocker> docker() {
            return Optional.of(engine);
        }

        @Override
        public String describe() {
            return engine.describe();
        }
    }

    record Unavailable(String reason) implements DockerAccess {
        @Override
        public Optional<ComposeDocker> docker() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return reason;
        }
    }

    /** What the command line asked for: whether to try at all, and which compose project. */
    record Plan(boolean use, String composeProject) {
        public DockerAccess connect() {
            return use ? ComposeDocker.connect(composeProject) : new Unavailable("--no-docker");
        }
    }
}
