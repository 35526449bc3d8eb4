package lab.loadtest.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import lab.loadtest.chaos.ChaosAction;
import lab.loadtest.chaos.ContainerControl;

/**
 * The lab's containers through the Docker Engine API (docker-java with its zero-dependency transport,
 * which speaks HTTP over the unix socket; the JDK HttpClient cannot). A container is found by the
 * labels docker compose puts on it: the project and the service name, so nothing depends on
 * container names or ids.
 */
public final class ComposeDocker implements ContainerControl {
    private static final String PROJECT = "com.docker.compose.project";
    private static final String SERVICE = "com.docker.compose.service";
    private static final String ONE_OFF = "com.docker.compose.oneoff";
    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final DockerClient docker;
    private final ZerodepDockerHttpClient http;
    private final String project;
    private final String describe;

    private ComposeDocker(DockerClient docker, ZerodepDockerHttpClient http, String project, String describe) {
        this.docker = docker;
        this.http = http;
        this.project = project;
        this.describe = describe;
    }

    /**
     * Connects to the engine that DOCKER_HOST names (default: the unix socket) and checks that it answers;
     * when it does not, says why: the caller then runs without Docker.
     */
    public static DockerAccess connect(String project) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(2))
                .responseTimeout(Duration.ofSeconds(30)) // a stop waits up to 10 s for the process
                .build();
        DockerClient docker = DockerClientImpl.getInstance(config, http);
        try {
            docker.pingCmd().exec();
            String version = docker.versionCmd().exec().getVersion();
            return new DockerAccess.Connected(new ComposeDocker(docker, http, project,
                    "Docker " + version + " at " + config.getDockerHost() + ", compose project " + project));
        } catch (RuntimeException e) {
            closeQuietly(http);
            return new DockerAccess.Unavailable(config.getDockerHost() + ": " + rootMessage(e));
        }
    }

    @Override
    public String describe() {
        return describe;
    }

    @Override
    public void apply(ChaosAction action, String service) {
        String id = container(service).getId();
        switch (action) {
            case KILL -> docker.killContainerCmd(id).exec();
            case PAUSE -> docker.pauseContainerCmd(id).exec();
            case UNPAUSE -> docker.unpauseContainerCmd(id).exec();
            case STOP -> docker.stopContainerCmd(id).withTimeout(STOP_TIMEOUT_SECONDS).exec();
            case START -> docker.startContainerCmd(id).exec();
            case RESTART -> docker.restartContainerCmd(id).withTimeout(STOP_TIMEOUT_SECONDS).exec();
        }
    }

    /** The service's container (running or not). One-off containers of {@code compose run} only if nothing else matches. */
    public Container container(String service) {
        List<Container> found = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(PROJECT, project, SERVICE, service)).exec();
        List<Container> regular = found.stream().filter(c -> !"True".equals(c.getLabels().get(ONE_OFF))).toList();
        List<Container> candidates = regular.isEmpty() ? found : regular;
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no container of service '" + service + "' in compose project '" + project + "'");
        }
        if (candidates.size() > 1) {
            throw new IllegalStateException(candidates.size() + " containers of service '" + service + "'; scale it to one");
        }
        return candidates.get(0);
    }

    /**
     * Running containers of the project by service name (one-offs by container name): whose CPU counts.
     */
    public Map<String, String> runningServices() {
        Map<String, String> services = new LinkedHashMap<>();
        List<Container> running = new ArrayList<>(docker.listContainersCmd()
                .withLabelFilter(Map.of(PROJECT, project)).exec());
        running.sort(Comparator.comparing(c -> c.getLabels().getOrDefault(SERVICE, "")));
        for (Container c : running) {
            boolean oneOff = "True".equals(c.getLabels().get(ONE_OFF));
            services.put(oneOff ? name(c) : c.getLabels().get(SERVICE), c.getId());
        }
        return services;
    }

    private static String name(Container container) {
        return container.getNames()[0].replaceFirst("^/", "");
    }

    /** CPU time the container has used since it started, in nanoseconds (the cgroup's counter, via the stats API). */
    public long cpuNanos(String containerId) {
        AtomicReference<Statistics> first = new AtomicReference<>();
        try (ResultCallback.Adapter<Statistics> callback = docker.statsCmd(containerId).withNoStream(true)
                .exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Statistics statistics) {
                        first.compareAndSet(null, statistics);
                    }
                })) {
            callback.awaitCompletion(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("stats of " + containerId + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        Statistics statistics = first.get();
        if (statistics == null || statistics.getCpuStats() == null || statistics.getCpuStats().getCpuUsage() == null) {
            throw new IllegalStateException("no CPU statistics for " + containerId);
        }
        return statistics.getCpuStats().getCpuUsage().getTotalUsage();
    }

    /**
     * CPU nanoseconds of several containers, all asked at once: each stats call waits about a second
     * for the daemon's next sample, so a thread per container (not the 2-thread common pool) makes a
     * snapshot of the bench stack's 14 containers take one second instead of seven.
     */
    public Map<String, Long> cpuNanos(Map<String, String> containers) {
        ExecutorService askers = Executors.newFixedThreadPool(Math.max(1, containers.size()));
        try {
            Map<String, CompletableFuture<Long>> pending = new LinkedHashMap<>();
            containers.forEach((name, id) -> pending.put(name, CompletableFuture.supplyAsync(() -> cpuNanos(id), askers)));
            Map<String, Long> result = new LinkedHashMap<>();
            pending.forEach((name, future) -> result.put(name, future.join()));
            return result;
        } finally {
            askers.shutdown();
        }
    }

    /** Runs a command in the service's container and returns its standard output. */
    public String exec(String service, String... command) {
        String id = container(service).getId();
        String execId = docker.execCreateCmd(id).withCmd(command).withAttachStdout(true).withAttachStderr(true)
                .exec().getId();
        StringBuilder out = new StringBuilder();
        try (ResultCallback.Adapter<Frame> callback = docker.execStartCmd(execId).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (out) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        })) {
            if (!callback.awaitCompletion(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' in " + service + " did not end within 10 s");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() {
        closeQuietly(http);
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing to do about a failing close at the end of a run
        }
    }
}
