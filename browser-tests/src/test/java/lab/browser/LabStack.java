package lab.browser;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;

/**
 * The real {@code docker-compose.yml}, started once per test JVM as stack-tests' {@code Stack} does
 * (Testcontainers' ComposeContainer, nothing pulled, images built from the Dockerfile), taken down
 * when the JVM exits. The browser reaches it only on the ports compose publishes on 127.0.0.1.
 */
final class LabStack {
    static final String DASHBOARD = "http://localhost:8080/";
    static final String ATTACKER = "http://127.0.0.1:8090/";
    static final List<String> APPS = List.of(
            "session-app-1", "session-app-2", "token-app-1", "token-app-2", "sticky-app-1", "sticky-app-2");
    /** The services whose settings the CSRF lab switches (both session stacks). */
    static final String[] SESSION_APPS = {"session-app-1", "session-app-2", "sticky-app-1", "sticky-app-2"};

    private static LabStack running;

    private final File composeFile;
    private final ComposeContainer compose;
    private final DockerClient docker = DockerClientFactory.instance().client();
    private String project;

    private LabStack(File composeFile, String attachTo) {
        this.composeFile = composeFile;
        this.project = attachTo;
        this.compose = attachTo != null ? null : new ComposeContainer(composeFile)
                .withBuild(true)
                .withPull(false) // every image is built or present locally; nothing is pulled
                .withStartupTimeout(Duration.ofMinutes(10));
    }

    /**
     * The stack, started on first use; or, with {@code -Dlab.project=NAME}, a stack already running
     * under that compose project (e.g. {@code docker compose -p NAME up -d --build --wait}), which is
     * used as it is and left running. The tests kill and recreate its session services.
     */
    static synchronized LabStack get() {
        if (running == null) {
            Chromium.requireInstalled(); // fail in a second, not after building the stack
            File file = new File(System.getProperty("lab.compose.file", "../docker-compose.yml"));
            String attachTo = System.getProperty("lab.project", "").trim();
            LabStack stack = new LabStack(file, attachTo.isEmpty() ? null : attachTo);
            if (stack.compose != null) {
                stack.compose.start();
                Runtime.getRuntime().addShutdownHook(new Thread(stack.compose::stop, "compose-down"));
                stack.project = stack.compose.getContainerByServiceName("nginx").orElseThrow()
                        .getContainerInfo().getConfig().getLabels().get("com.docker.compose.project");
            }
            stack.awaitHealthy(APPS.toArray(String[]::new));
            stack.awaitHealthy("nginx");
            running = stack;
        }
        return running;
    }

    void kill(String service) {
        docker.killContainerCmd(id(service)).exec();
    }

    void start(String service) {
        docker.startContainerCmd(id(service)).exec();
    }

    void awaitHealthy(String... services) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
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
     * Recreates services from the same compose file with other settings (the compose file reads
     * them as ${VAR:-default}); with an empty map, with the defaults again.
     */
    void recreate(Map<String, String> env, String... services) {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "-p", project, "-f", composeFile.getAbsolutePath()));
        // -Dlab.compose.extra=FILE: a second compose file for the recreated services (e.g. another image
        // of session-app, to try a change of the application against the browser).
        String extra = System.getProperty("lab.compose.extra", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of("-f", new File(extra).getAbsolutePath()));
        }
        command.addAll(List.of("up", "-d", "--no-deps", "--no-build", "--force-recreate"));
        command.addAll(List.of(services));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // Only the switches given here: none inherited from the shell that started Maven.
        for (String name : List.of("COOKIE_SAMESITE", "COOKIE_SECURE", "CSRF_PROTECTION", "ACCEPT_FORM_POSTS")) {
            builder.environment().remove(name);
        }
        builder.environment().putAll(env);
        run(builder);
        awaitHealthy(services);
    }

    /** The environment a container was created with, e.g. to check what a recreate did. */
    Map<String, String> environment(String service) {
        String[] env = docker.inspectContainerCmd(id(service)).exec().getConfig().getEnv();
        java.util.Map<String, String> result = new java.util.TreeMap<>();
        for (String entry : env == null ? new String[0] : env) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                result.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return result;
    }

    /** nginx's access log so far (the container's stdout), parsed; lines of another shape are skipped. */
    List<AccessLine> nginxAccessLog() {
        ProcessBuilder builder = new ProcessBuilder("docker", "logs", id("nginx"));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        String output = run(builder);
        List<AccessLine> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            AccessLine.parse(line).ifPresent(lines::add);
        }
        return lines;
    }

    private static String run(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", builder.command()) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + builder.command(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    /** One line of nginx.conf's {@code lab} log format: port, method, path, status. */
    record AccessLine(int port, String method, String path, int status, String upstream) {
        private static final Pattern LAB_FORMAT = Pattern.compile(
                "\\] (\\d+) \"(\\S+) (\\S+) [^\"]*\" (\\d{3}) .*upstream=(\\S*)");

        static java.util.Optional<AccessLine> parse(String line) {
            Matcher m = LAB_FORMAT.matcher(line);
            if (!m.find()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new AccessLine(Integer.parseInt(m.group(1)), m.group(2), m.group(3),
                    Integer.parseInt(m.group(4)), m.group(5)));
        }

        @Override
        public String toString() {
            return method + " " + path + " → " + status;
        }
    }
}
