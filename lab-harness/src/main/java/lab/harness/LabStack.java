package lab.harness;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Network;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * The lab's real {@code docker-compose.yml}, as every test drives it: started once per JVM
 * ({@code docker compose up}, images built from the Dockerfile, nothing pulled) and taken down when
 * the test run ends, or attached to a stack that is already running. Faults go through the Docker
 * API that Testcontainers holds, aimed at a container by its compose service name. Clients reach the stack only on the ports compose publishes on 127.0.0.1.
 *
 * <p>Three copies can run at once: {@link #get()} on the lab's own ports and subnet (what the docs
 * name), {@link #alongside()} and {@link #forBrowser()} each on ports and a subnet of its own, so
 * that the long suites (the failover matrix, the browser tests, the workshop labs) run side by side
 * instead of one after the other.
 */
public final class LabStack {
    // The copy on the lab's own ports, as the docs name it (and the browser sees every copy).
    public static final String DASHBOARD = Slot.ownPorts().url(0);
    public static final String SESSIONS = Slot.ownPorts().url(1);
    public static final String TOKENS = Slot.ownPorts().url(2);
    public static final String STICKY = Slot.ownPorts().url(3);
    /** The CSRF and XSS labs' attacker site, a second origin served by the same nginx. */
    public static final String ATTACKER = Slot.ownPorts().url(10) + "/";
    /**
     * A JUnit resource lock ({@code @ResourceLock(LabStack.OWN_PORTS)}) for test classes that use the
     * copy on the lab's own ports: they take turns, while a class on {@link #alongside()} runs beside
     * them; after the last of them, the copy goes down at once ({@link FreeOwnPortsWhenDone}).
     */
    public static final String OWN_PORTS = "the lab stack on its own ports";
    /** The same for the classes that use the second copy ({@link #alongside()}). */
    public static final String SECOND_COPY = "the second copy of the lab stack";
    public static final List<String> APPS = List.of(
            "session-app-1", "session-app-2", "token-app-1", "token-app-2", "sticky-app-1", "sticky-app-2");
    /** The services behind both session stacks (the Redis-backed and the sticky in-memory one). */
    public static final List<String> SESSION_APPS = List.of("session-app-1", "session-app-2", "sticky-app-1", "sticky-app-2");
    /**
     * The application switches the compose file passes through (${VAR:-default}). A recreate applies
     * exactly the ones it is given: values inherited from the shell that started the tests are dropped.
     */
    public static final List<String> SWITCHES = List.of("ACCEPT_FORM_POSTS", "ACCESS_TOKEN_TTL", "CLOCK_SKEW",
            "COOKIE_SAMESITE", "DPOP", "COOKIE_SECURE", "CSRF_PROTECTION", "DASHBOARD_CSP", "DASHBOARD_XSS", "REDIS_CLUSTER_NODES", "REDIS_NEAR_CACHE", "REDIS_PERSISTENCE", "REDIS_SENTINELS", "REDIS_TOPOLOGY", "REVOCATION", "REVOCATION_FAILURE", "SESSION_CORS_ALLOWED_ORIGINS",
            "TOKEN_CORS_ALLOWED_ORIGINS", "TOKEN_TRANSPORT", "VIRTUAL_THREADS");

    private static final Logger LOG = LoggerFactory.getLogger(LabStack.class);
    private static final int OUTPUT_LINES_IN_ERRORS = 40;
    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);
    /** As the compose file's health checks: a check that takes longer has failed. */
    private static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(2);
    /** How long a test JVM waits for another to free the slot it needs: the longest lane of stack-tests, with room. */
    private static final Duration SLOT_FREE_WITHIN = Duration.ofMinutes(30);
    /** How long a stack that an earlier test JVM is taking down may take to go before this one starts. */
    private static final Duration EARLIER_STACK_GONE_WITHIN = Duration.ofMinutes(2);

    private static final Copy ON_OWN_PORTS = new Copy(Slot.ownPorts());
    private static final Copy ALONGSIDE = new Copy(Slot.alongside());
    private static final Copy FOR_BROWSER = new Copy(Slot.forBrowser());

    private final File composeFile;
    private final String project;
    private final Slot slot;
    private final boolean ownCopy; // false when attached to a stack started elsewhere
    private final DockerClient docker = DockerClientFactory.instance().client();
    private volatile String nginxId; // nginxAccessLog's container, until it is recreated

    private LabStack(File composeFile, String project, Slot slot, boolean ownCopy) {
        this.composeFile = composeFile.toPath().toAbsolutePath().normalize().toFile(); // as compose labels it
        this.project = project;
        this.slot = slot;
        this.ownCopy = ownCopy;
    }

    /**
     * Where a copy of the stack lives on this machine: the subnet its containers take and the first
     * of the five host ports nginx publishes (page, sessions, tokens, sticky; the attacker site ten
     * above the first). An empty subnet leaves compose's default (or an exported LAB_NET_PREFIX) alone;
     * the ports are always set, so that the URLs the tests use are the ones published.
     * {@code healthInterval}: how often Docker checks a container that is already healthy
     * (LAB_HEALTH_INTERVAL; empty: the compose file's 5 s, which the workshop labs describe).
     */
    record Slot(String netPrefix, int firstPort, String healthInterval) {
        static Slot ownPorts() {
            return new Slot("", 8080, "");
        }

        /**
         * Beside the lab's own copy: {@code -Dlab.alongside.net} (default 10.213.11), ports 18080-18083
         * and 18090. Its health checks, once healthy, every 30 s: what runs there (the failover matrix)
         * runs each service's check itself when it needs a verdict ({@link #awaitHealthy}), and Docker's
         * checks (a process started in the container each time) are most of what an idle copy costs.
         */
        static Slot alongside() {
            return new Slot(System.getProperty("lab.alongside.net", "10.213.11"), 18080, "30s");
        }

        /** The browser tests' own: {@code -Dlab.browser.net} (default 10.213.12), ports 28080-28083 and 28090; checks as {@link #alongside()}. */
        static Slot forBrowser() {
            return new Slot(System.getProperty("lab.browser.net", "10.213.12"), 28080, "30s");
        }

        /** The lock file that keeps a second test JVM out of this slot while a copy runs in it. */
        Path lockFile() {
            return repositoryRoot().resolve("target").resolve("lab-stack-" + firstPort + ".lock");
        }

        String url(int offset) {
            return "http://127.0.0.1:" + (firstPort + offset);
        }

        /** What docker-compose.yml reads to put a copy in this slot (LAB_NET_PREFIX, LAB_HTTP_PORTS, LAB_ATTACKER_PORT, LAB_HEALTH_INTERVAL). */
        Map<String, String> environment() {
            Map<String, String> environment = new TreeMap<>(Map.of("LAB_HTTP_PORTS", firstPort + "-" + (firstPort + 3),
                    "LAB_ATTACKER_PORT", String.valueOf(firstPort + 10)));
            if (!netPrefix.isEmpty()) {
                environment.put("LAB_NET_PREFIX", netPrefix);
            }
            if (!healthInterval.isEmpty()) {
                environment.put("LAB_HEALTH_INTERVAL", healthInterval);
            }
            return environment;
        }
    }

    /**
     * One copy of the stack in this JVM: started on first use, not retried once it failed, taken down
     * at the end (or earlier: {@link #freeOwnPorts()}). While this JVM's own copy runs, it holds its
     * slot's {@link SlotLock}, so another test JVM waits for the slot rather than colliding in it.
     */
    private static final class Copy {
        private final Slot slot;
        private LabStack running;
        private SlotLock slotLock;
        private RuntimeException startFailure;

        Copy(Slot slot) {
            this.slot = slot;
        }

        synchronized LabStack get(String attachTo) {
            if (startFailure != null) {
                throw new IllegalStateException("the lab stack failed to start earlier in this run", startFailure);
            }
            if (running == null) {
                LabStack stack = attachTo.isEmpty()
                        ? new LabStack(composeFile(), "labtest-" + HexFormat.of().toHexDigits(new SecureRandom().nextInt()), slot, true)
                        : new LabStack(composeFile(), attachTo, slot, false);
                if (stack.ownCopy) {
                    slotLock = SlotLock.acquire(slot.lockFile(), SLOT_FREE_WITHIN);
                    try {
                        stack.startOwnCopy();
                    } catch (RuntimeException e) {
                        startFailure = e;
                        releaseSlot();
                        throw e;
                    }
                }
                stack.awaitHealthy(APPS.toArray(String[]::new));
                stack.awaitHealthy("nginx");
                running = stack;
            }
            return running;
        }

        synchronized void stopIfStarted() {
            if (running != null && running.ownCopy) {
                long start = System.nanoTime();
                running.down();
                LOG.info("took the lab stack (compose project {}) down in {} ms", running.project, (System.nanoTime() - start) / 1_000_000);
            }
            running = null;
            releaseSlot();
        }

        private void releaseSlot() {
            if (slotLock != null) {
                slotLock.release();
                slotLock = null;
            }
        }
    }

    /** The lab's compose file: {@code -Dlab.compose.file}, by default {@code ../docker-compose.yml} (a module's directory). */
    private static File composeFile() {
        return new File(System.getProperty("lab.compose.file", "../docker-compose.yml"));
    }

    /** The repository's top level, where the compose file is: what the docs checks and the workshop labs read. */
    public static Path repositoryRoot() {
        return composeFile().toPath().toAbsolutePath().normalize().getParent();
    }

    /**
     * The stack, started on first use from {@code -Dlab.compose.file} (default
     * {@code ../docker-compose.yml}) under a compose project of its own; or, with
     * {@code -Dlab.project=NAME}, a stack already running under that project
     * ({@code docker compose -p NAME up -d --build --wait}), used as it is and left running. A stack
     * that failed to start is not tried again in the same run: every later caller gets that failure.
     */
    public static LabStack get() {
        return ON_OWN_PORTS.get(System.getProperty("lab.project", "").trim());
    }

    /**
     * A second copy of the stack, always started by this JVM, on ports 18080-18083 and 18090 and a
     * subnet of its own ({@link Slot#alongside()}): it runs at the same time as {@link #get()}'s
     * without either noticing the other. Its URLs are {@link #sessions()} and the like.
     */
    public static LabStack alongside() {
        return ALONGSIDE.get("");
    }

    /**
     * A third copy, for the browser tests, on ports 28080-28083 and 28090 and a subnet of its own
     * ({@link Slot#forBrowser()}), so that they run beside the workshop labs (which need the lab's own
     * ports) instead of after them. The browser still sees the lab on its own ports: Chromium maps
     * them to this copy's ({@link #ownPortsToThisCopy()}), so that origins, CORS and cookies are the
     * demo's.
     */
    public static LabStack forBrowser() {
        return FOR_BROWSER.get("");
    }

    /**
     * Takes down the stacks this JVM started (not one it attached to). Called when the JUnit launcher
     * session ends ({@link StopStackAfterTests}), and from a shutdown hook for any other exit: inside
     * the test run, so that the next test module never finds its ports still taken.
     */
    public static void stopIfStarted() {
        ON_OWN_PORTS.stopIfStarted();
        ALONGSIDE.stopIfStarted();
        FOR_BROWSER.stopIfStarted();
    }

    /**
     * Takes the copy on the lab's own ports down now, if this JVM started it: once the last test class
     * that uses it has finished ({@link FreeOwnPortsWhenDone}), so that browser-tests, waiting in
     * another JVM for those ports, need not wait for the failover matrix on the other copy too.
     * A later {@link #get()} starts it again.
     */
    public static void freeOwnPorts() {
        ON_OWN_PORTS.stopIfStarted();
    }

    /** nginx's own page, the dashboard ({@link #DASHBOARD} on the lab's own ports). */
    public String dashboard() {
        return slot.url(0);
    }

    /** Sessions in Redis, through nginx ({@link #SESSIONS} on the lab's own ports). */
    public String sessions() {
        return slot.url(1);
    }

    /** Tokens, through nginx ({@link #TOKENS} on the lab's own ports). */
    public String tokens() {
        return slot.url(2);
    }

    /** Sessions in memory, sticky ({@link #STICKY} on the lab's own ports). */
    public String sticky() {
        return slot.url(3);
    }

    /** The CSRF lab's attacker site, with a trailing slash ({@link #ATTACKER} on the lab's own ports). */
    public String attacker() {
        return slot.url(10) + "/";
    }

    /**
     * Each host port of the lab's own copy (8080-8083, 8090) and this copy's port for the same
     * thing: what a client that must see this copy as the lab itself maps (the same numbers on the
     * lab's own ports).
     */
    public Map<Integer, Integer> ownPortsToThisCopy() {
        Map<Integer, Integer> ports = new TreeMap<>();
        for (int offset : List.of(0, 1, 2, 3, 10)) {
            ports.put(Slot.ownPorts().firstPort() + offset, slot.firstPort() + offset);
        }
        return ports;
    }

    /**
     * {@code docker compose up --build --wait}, run here rather than through Testcontainers'
     * ComposeContainer so that a failure carries compose's own last lines. Images are built or present
     * locally; nothing is pulled (compose pulls only a missing image, and the machines that cannot
     * pull run with LAB_PULL_POLICY=never).
     */
    private void startOwnCopy() {
        awaitEarlierStacksGone();
        Runtime.getRuntime().addShutdownHook(new Thread(LabStack::stopIfStarted, "compose-down"));
        long start = System.nanoTime();
        try {
            run(compose("up", "-d", "--build", "--wait", "--wait-timeout", "600"));
        } catch (RuntimeException composeFailed) {
            String state = dockerState();
            down(); // nothing half-started stays behind to block the next module
            throw new IllegalStateException("docker compose up failed; Docker then had " + state, composeFailed);
        }
        LOG.info("started the lab stack (compose project {}) in {} ms", project, (System.nanoTime() - start) / 1_000_000);
    }

    /** Everything of the project, the profiles' services too (a scaled-out instance, a Sentinel, the cluster). */
    private void down() {
        run(compose("--profile", "scale", "--profile", "sentinel", "--profile", "cluster", "down", "-v", "--remove-orphans"));
    }

    /** A compose command on this stack's project and file, without colours or progress bars. */
    private ProcessBuilder compose(String... args) {
        List<String> command = new ArrayList<>(List.of("docker", "compose", "--ansi", "never", "--progress", "plain",
                "-p", project, "-f", composeFile.getPath()));
        command.addAll(List.of(args));
        return inSlot(new ProcessBuilder(command).redirectErrorStream(true));
    }

    /** A command that runs docker compose (itself, or through ./lab) for this copy: its slot's variables set. */
    private ProcessBuilder inSlot(ProcessBuilder builder) {
        builder.environment().remove("LAB_HEALTH_INTERVAL"); // the slot's, or the compose file's default: not the shell's
        builder.environment().putAll(slot.environment());
        return builder;
    }

    /**
     * A copy publishes fixed ports and takes a fixed subnet (its {@link Slot}), so only one copy can
     * run in a slot. A copy that an earlier test JVM is still taking down is waited for; one that
     * stays (a running {@code ./lab up}) stops the tests here with its name, instead of a compose
     * error about ports or address pools. Copies in the other slot are left alone.
     */
    private void awaitEarlierStacksGone() {
        try {
            await().atMost(EARLIER_STACK_GONE_WITHIN).pollInterval(Duration.ofSeconds(1))
                    .until(() -> projectsInMySlot().isEmpty());
        } catch (ConditionTimeoutException stillThere) {
            throw new IllegalStateException("another copy of the lab stack still runs (compose projects "
                    + projectsInMySlot() + "), on the ports and subnet the tests need: take it down (./lab down, or docker compose -p NAME down)");
        }
        removeEmptyLabNetworks();
    }

    /** The compose projects of this file whose containers sit on this slot's subnet. */
    private List<String> projectsInMySlot() {
        Map<String, String> sameFile = Map.of("com.docker.compose.project.config_files", composeFile.getPath());
        List<String> mine = labNetworksInMySlot().stream().map(n -> n.getLabels().get("com.docker.compose.project")).toList();
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(sameFile).exec().stream()
                .map(c -> c.getLabels().get("com.docker.compose.project")).filter(mine::contains).distinct().toList();
    }

    /** The lab networks (any project) on this slot's subnet: compose's default, or the one the slot sets. */
    private List<Network> labNetworksInMySlot() {
        String prefix = slot.netPrefix().isEmpty() ? System.getenv().getOrDefault("LAB_NET_PREFIX", "10.213.10") : slot.netPrefix();
        return docker.listNetworksCmd().withFilter("label", List.of("com.docker.compose.network=lab")).exec().stream()
                .filter(n -> n.getIpam().getConfig().stream().anyMatch(c -> (prefix + ".0/24").equals(c.getSubnet())))
                .toList();
    }

    /** Every container and every lab network, in one line: what is in the way of a new stack. */
    private String dockerState() {
        String containers = docker.listContainersCmd().withShowAll(true).exec().stream()
                .map(c -> String.join(" ", c.getNames()) + " " + c.getState() + " (project "
                        + c.getLabels().getOrDefault("com.docker.compose.project", "none") + ")")
                .toList().toString();
        String networks = docker.listNetworksCmd().withFilter("label", List.of("com.docker.compose.network=lab")).exec()
                .stream().map(n -> n.getName() + " " + n.getIpam().getConfig().stream().map(c -> c.getSubnet()).toList())
                .toList().toString();
        return "containers " + containers + ", lab networks " + networks;
    }

    /** A run that was killed can leave its network behind, holding this slot's subnet. */
    private void removeEmptyLabNetworks() {
        labNetworksInMySlot().stream()
                .filter(network -> docker.inspectNetworkCmd().withNetworkId(network.getId()).exec().getContainers().isEmpty())
                .forEach(network -> docker.removeNetworkCmd(network.getId()).exec());
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
        } catch (NotModifiedException alreadyRunning) {
            // nothing to do
        }
    }

    /**
     * Waits until every service is healthy now. A container that is starting is left to Docker, which
     * checks it every second until it passes; one that Docker already calls healthy or unhealthy gets
     * its own check (the compose file's {@code test}) run once more, at that moment, because Docker's
     * verdict can be a whole interval (5 s) old: an instance whose Redis just came back would still
     * read "unhealthy", one that just lost it "healthy".
     */
    public void awaitHealthy(String... services) {
        Set<String> waiting = new HashSet<>(List.of(services));
        await().atMost(HEALTHY_WITHIN).pollInterval(Duration.ofMillis(500)).until(() -> {
            waiting.removeIf(this::healthyNow);
            return waiting.isEmpty();
        });
    }

    private boolean healthyNow(String service) {
        InspectContainerResponse container = docker.inspectContainerCmd(id(service)).exec();
        var state = container.getState();
        if (!Boolean.TRUE.equals(state.getRunning()) || Boolean.TRUE.equals(state.getPaused())
                || state.getHealth() == null || "starting".equals(state.getHealth().getStatus())) {
            return false;
        }
        List<String> test = container.getConfig().getHealthcheck().getTest();
        List<String> command = switch (test.get(0)) {
            case "CMD" -> test.subList(1, test.size());
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", test.get(1));
            default -> throw new IllegalStateException(service + " has no health check to run: " + test);
        };
        String exec = docker.execCreateCmd(container.getId()).withCmd(command.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        try (var output = docker.execStartCmd(exec).exec(new ResultCallback.Adapter<Frame>())) {
            boolean finished = output.awaitCompletion(HEALTH_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Long exitCode = docker.inspectExecCmd(exec).exec().getExitCodeLong();
            return finished && exitCode != null && exitCode == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Recreates services from the same compose file with other {@link #SWITCHES} (for example
     * {@code REVOCATION_FAILURE=closed}); with an empty map, with the defaults again. With
     * {@code -Dlab.compose.extra=FILE}, a second compose file applies to them (for example another
     * image of session-app, to try a change of the application against the tests).
     */
    public void recreate(Map<String, String> switches, String... services) {
        List<String> args = new ArrayList<>();
        String extra = System.getProperty("lab.compose.extra", "").trim();
        if (!extra.isEmpty()) {
            args.addAll(List.of("-f", new File(extra).getAbsolutePath()));
        }
        args.addAll(List.of("up", "-d", "--no-deps", "--no-build", "--force-recreate"));
        args.addAll(List.of(services));
        ProcessBuilder builder = compose(args.toArray(String[]::new));
        SWITCHES.forEach(builder.environment()::remove);
        builder.environment().putAll(switches);
        run(builder);
        awaitHealthy(services);
    }

    /**
     * {@code ./lab scale STACK=N} on this stack: 2 to 4 instances of {@code session-app},
     * {@code token-app} or {@code sticky-app}. Returns once the new instances are healthy and nginx
     * sends them traffic, or once nginx no longer does and the removed ones have stopped.
     */
    public void scale(String stack, int instances) {
        ProcessBuilder builder = inSlot(new ProcessBuilder(new File(composeFile.getParentFile(), "lab").getPath(), "scale",
                stack + "=" + instances).redirectErrorStream(true));
        SWITCHES.forEach(builder.environment()::remove);
        builder.environment().put("COMPOSE_PROJECT_NAME", project);
        run(builder);
    }

    /**
     * Stops and removes services' containers (and their anonymous volumes): for services of a compose
     * profile that a test started by naming them, e.g. the Sentinel topology's.
     */
    public void remove(String... services) {
        List<String> args = new ArrayList<>(List.of("rm", "--stop", "--force", "--volumes"));
        args.addAll(List.of(services));
        run(compose(args.toArray(String[]::new)));
    }

    /**
     * A bash that a workshop attendee would have: {@code docker compose} in it reaches this stack
     * (its project and file, through {@code COMPOSE_PROJECT_NAME} and {@code COMPOSE_FILE}), from
     * {@code workDir}, with none of the {@link #SWITCHES} inherited, running {@code script}. Output and
     * errors merged.
     */
    public ProcessBuilder shell(File workDir, File script) {
        ProcessBuilder builder = inSlot(new ProcessBuilder("bash", script.getAbsolutePath()).directory(workDir)
                .redirectErrorStream(true));
        SWITCHES.forEach(builder.environment()::remove);
        builder.environment().put("COMPOSE_PROJECT_NAME", project);
        builder.environment().put("COMPOSE_FILE", composeFile.getPath());
        builder.environment().put("COMPOSE_ANSI", "never");
        builder.environment().put("LAB_NEW_SECRETS", "0"); // a lab's ./lab up keeps the stack's secrets
        return builder;
    }

    /** Runs a command in a service's container ({@code docker exec}) and returns what it printed. */
    public String exec(String service, String... command) {
        List<String> args = new ArrayList<>(List.of("docker", "exec", id(service)));
        args.addAll(List.of(command));
        return run(new ProcessBuilder(args).redirectErrorStream(true));
    }

    /** The service's address on the lab network (empty while its container is not running). */
    public String address(String service) {
        return docker.inspectContainerCmd(id(service)).exec().getNetworkSettings().getNetworks().values().stream()
                .map(network -> network.getIpAddress()).filter(ip -> ip != null && !ip.isEmpty())
                .findFirst().orElse("");
    }

    /** The environment a container was created with, e.g. to check what a recreate did. */
    public Map<String, String> environment(String service) {
        String[] env = docker.inspectContainerCmd(id(service)).exec().getConfig().getEnv();
        Map<String, String> result = new TreeMap<>();
        for (String entry : env == null ? new String[0] : env) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                result.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return result;
    }

    /**
     * nginx's access log so far (the container's stdout), parsed; lines of another shape are skipped.
     * Tests poll it many times a second: the container is looked up again only when it is gone
     * (a test recreated nginx).
     */
    public List<NginxAccessLine> nginxAccessLog() {
        String id = nginxId;
        if (id == null) {
            id = nginxId = id("nginx");
        }
        try {
            return accessLogOf(id);
        } catch (IllegalStateException gone) {
            nginxId = id("nginx");
            return accessLogOf(nginxId);
        }
    }

    private static List<NginxAccessLine> accessLogOf(String containerId) {
        ProcessBuilder builder = new ProcessBuilder("docker", "logs", containerId);
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        return run(builder).lines().map(NginxAccessLine::parse).flatMap(Optional::stream).toList();
    }

    private static String run(ProcessBuilder builder) {
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                List<String> lines = output.lines().toList();
                String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_IN_ERRORS), lines.size()));
                throw new IllegalStateException(String.join(" ", builder.command()) + " failed with exit code "
                        + process.exitValue() + "; its last lines:\n" + tail);
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
}
