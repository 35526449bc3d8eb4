package lab.stack;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.File;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;

/**
 * The real {@code docker-compose.yml}, the one a workshop attendee runs, started once per test JVM
 * (Testcontainers' singleton-container pattern) and taken down when the JVM exits. Faults go through
 * the Docker API that Testcontainers already holds, aimed at a container by its compose service name.
 */
public final class Stack {
    public static final String SESSIONS = "http://127.0.0.1:8081";
    public static final String TOKENS = "http://127.0.0.1:8082";
    public static final String STICKY = "http://127.0.0.1:8083";
    public static final String DASHBOARD = "http://127.0.0.1:8080";
    public static final List<String> APPS = List.of(
            "session-app-1", "session-app-2", "token-app-1", "token-app-2", "sticky-app-1", "sticky-app-2");

    private static Stack running;

    private final File composeFile;
    private final ComposeContainer compose;
    private final DockerClient docker = DockerClientFactory.instance().client();
    private String project;

    private Stack(File composeFile) {
        this.composeFile = composeFile;
        this.compose = new ComposeContainer(composeFile)
                .withBuild(true)
                .withPull(false) // every image is built or present locally; nothing is pulled
                .withStartupTimeout(Duration.ofMinutes(10));
    }

    /** The stack, started on first use. */
    public static synchronized Stack get() {
        if (running == null) {
            Stack stack = new Stack(new File(System.getProperty("lab.compose.file", "../docker-compose.yml")));
            stack.compose.start();
            Runtime.getRuntime().addShutdownHook(new Thread(stack.compose::stop, "compose-down"));
            stack.project = stack.compose.getContainerByServiceName("nginx").orElseThrow()
                    .getContainerInfo().getConfig().getLabels().get("com.docker.compose.project");
            stack.awaitHealthy(APPS.toArray(String[]::new));
            running = stack;
        }
        return running;
    }

    public void kill(String service) {
        docker.killContainerCmd(id(service)).exec();
    }

    public void pause(String service) {
        docker.pauseContainerCmd(id(service)).exec();
    }

    public void unpause(String service) {
        docker.unpauseContainerCmd(id(service)).exec();
    }

    /** SIGTERM, then up to 10 s for requests in flight: a rolling restart's first half. */
    public void stop(String service) {
        docker.stopContainerCmd(id(service)).withTimeout(10).exec();
    }

    /** Starts the service's container; a container that already runs is left as it is. */
    public void start(String service) {
        try {
            docker.startContainerCmd(id(service)).exec();
        } catch (com.github.dockerjava.api.exception.NotModifiedException alreadyRunning) {
            // nothing to do
        }
    }

    public boolean isRunning(String service) {
        return Boolean.TRUE.equals(docker.inspectContainerCmd(id(service)).exec().getState().getRunning());
    }

    /** Waits until Docker reports every service's health check as healthy. */
    public void awaitHealthy(String... services) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (String service : services) {
                var state = docker.inspectContainerCmd(id(service)).exec().getState();
                if (state.getHealth() == null || !"healthy".equals(state.getHealth().getStatus())) {
                    return false;
                }
            }
            return true;
        });
    }

    /**
     * Recreates services from the same compose file with other settings (for example
     * {@code REVOCATION_FAILURE=closed}); with an empty map, with the defaults again.
     */
    public void recreate(Map<String, String> env, String... services) {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", project, "-f",
                composeFile.getAbsolutePath(), "up", "-d", "--no-deps", "--no-build", "--force-recreate"));
        command.addAll(List.of(services));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException("docker compose up failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run docker compose", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        awaitHealthy(services);
    }

    private String id(String service) {
        return find(service).getId();
    }

    private Container find(String service) {
        Map<String, String> labels = Map.of("com.docker.compose.service", service, "com.docker.compose.project", project);
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec().stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no container for service " + service));
    }
}
