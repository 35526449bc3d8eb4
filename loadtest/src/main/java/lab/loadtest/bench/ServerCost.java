package lab.loadtest.bench;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import lab.loadtest.docker.ComposeDocker;

/**
 * What requests cost the servers, from counters read before and after a measurement: each
 * container's CPU time (the Docker stats API, i.e. the cgroup's counter), Redis's commands and
 * main-thread CPU ({@code INFO}, through {@code docker exec redis-cli}), and this generator's own
 * CPU time. Everything shares the same cores here, so these are estimates, not a profile.
 */
public final class ServerCost {
    /** The containers a closed-model run went through: nginx if it was on the way, and who answered. */
    public static Set<String> path(ClosedModel.Result result) {
        Set<String> path = new HashSet<>(result.instances().keySet());
        if (path.remove("(nginx)") || result.viaNginx()) {
            path.add("nginx");
        }
        return path;
    }

    /** Not part of any request's path: our own INFO, and the health checks' PING. */
    static final Set<String> BACKGROUND_COMMANDS = Set.of("info", "ping");

    private final Optional<ComposeDocker> docker;
    private final String redisService;

    public ServerCost(Optional<ComposeDocker> docker, String redisService) {
        this.docker = docker;
        this.redisService = redisService;
    }

    public boolean available() {
        return docker.isPresent();
    }

    /** Counters at one moment. */
    public record Snapshot(Map<String, Long> cpuNanos, Optional<RedisInfo> redis, long generatorCpuNanos) {
    }

    /**
     * Per request, between two snapshots.
     *
     * @param cpuMicros             CPU µs per request by container (service name), every container
     * @param serverCpuMicros       the containers on the request path but Redis: nginx (if the answers came
     *                              through it) and the instances that answered; the idle others are left out
     * @param redisCpuMicros        Redis's main thread, from INFO (what limits one Redis); -1 when unknown
     * @param redisCommands         Redis commands per request by command, health-check PINGs and INFO left out
     * @param redisCommandsTotal    their sum
     * @param generatorCpuMicros    this load generator
     */
    public record Cost(long requests, Map<String, Double> cpuMicros, double serverCpuMicros, double redisCpuMicros,
                       Map<String, Double> redisCommands, double redisCommandsTotal, double generatorCpuMicros) {

        /** Several rounds of one target as one: every per-request figure weighted by that round's requests. */
        public static Cost combine(List<Cost> rounds) {
            long n = rounds.stream().mapToLong(Cost::requests).sum();
            Map<String, Double> cpu = new TreeMap<>();
            Map<String, Double> commands = new TreeMap<>();
            double server = 0, redis = 0, total = 0, generator = 0;
            boolean redisKnown = true;
            for (Cost c : rounds) {
                double w = n == 0 ? 0 : (double) c.requests() / n;
                c.cpuMicros().forEach((name, v) -> cpu.merge(name, v * w, Double::sum));
                c.redisCommands().forEach((name, v) -> commands.merge(name, v * w, Double::sum));
                server += c.serverCpuMicros() * w;
                redis += c.redisCpuMicros() * w;
                total += c.redisCommandsTotal() * w;
                generator += c.generatorCpuMicros() * w;
                redisKnown &= c.redisCpuMicros() >= 0;
            }
            cpu.replaceAll((name, v) -> round(v));
            commands.replaceAll((name, v) -> round(v));
            return new Cost(n, cpu, round(server), redisKnown ? round(redis) : -1, commands, round(total), round(generator));
        }
    }

    public Snapshot snapshot() {
        long generator = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
        if (docker.isEmpty()) {
            return new Snapshot(Map.of(), Optional.empty(), generator);
        }
        ComposeDocker d = docker.get();
        Map<String, Long> cpu = d.cpuNanos(d.runningServices());
        Optional<RedisInfo> redis;
        try {
            redis = Optional.of(RedisInfo.parse(d.exec(redisService, "redis-cli", "INFO", "all")));
        } catch (RuntimeException e) {
            redis = Optional.empty();
        }
        return new Snapshot(cpu, redis, generator);
    }

    public static Cost between(Snapshot before, Snapshot after, long requests, String redisService, Set<String> onPath) {
        double n = Math.max(1, requests);
        Map<String, Double> cpu = new LinkedHashMap<>();
        double server = 0;
        for (Map.Entry<String, Long> entry : after.cpuNanos().entrySet()) {
            Long start = before.cpuNanos().get(entry.getKey());
            if (start == null) {
                continue; // started in between: no baseline to subtract
            }
            double micros = round((entry.getValue() - start) / 1000.0 / n);
            cpu.put(entry.getKey(), micros);
            if (onPath.contains(entry.getKey()) && !entry.getKey().equals(redisService)) {
                server += micros;
            }
        }
        Map<String, Double> commands = new TreeMap<>();
        double redisCpu = -1;
        double total = 0;
        if (before.redis().isPresent() && after.redis().isPresent()) {
            RedisInfo a = before.redis().get();
            RedisInfo b = after.redis().get();
            for (Map.Entry<String, Long> entry : b.calls().entrySet()) {
                long delta = entry.getValue() - a.calls().getOrDefault(entry.getKey(), 0L);
                if (delta > 0 && !BACKGROUND_COMMANDS.contains(entry.getKey())) {
                    commands.put(entry.getKey(), round(delta / n));
                    total += delta / n;
                }
            }
            redisCpu = round((b.mainThreadCpuSeconds() - a.mainThreadCpuSeconds()) * 1e6 / n);
        }
        double generator = round((after.generatorCpuNanos() - before.generatorCpuNanos()) / 1000.0 / n);
        return new Cost(requests, cpu, round(server), redisCpu, commands, round(total), generator);
    }

    static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
