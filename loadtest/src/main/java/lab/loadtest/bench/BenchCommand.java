package lab.loadtest.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import lab.loadtest.cli.AccountOptions;
import lab.loadtest.cli.ClientOptions;
import lab.loadtest.cli.DockerOptions;
import lab.loadtest.cli.OutOptions;
import lab.loadtest.cli.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loadtest bench}: the options, checked, become a {@link BenchPlan}; {@link BenchRun} does the work. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "The per-request cost of each way of authenticating, every target in one run, each as a ratio to",
            "a no-auth baseline of the same run: a closed model (fixed concurrency, maximum throughput), then an",
            "open model (fixed arrival rate, latency from the intended send time: no coordinated omission), the",
            "bytes each credential puts on the wire, and, with Docker access, CPU and Redis commands per request",
            "and the capacity model. Writes bench.json, bench.md and bench.html to --out.",
            "",
            "A target URL with a path is requested as it is, without credentials (a baseline); a base URL is a",
            "lab stack: the bench logs in and requests GET /api/me. --carry sends a baseline's request with a",
            "stack's credential, which nothing checks: what the credential's bytes alone cost."},
        footer = {"", "Default targets (with --host 127.0.0.1):",
            "  nginx-200       http://HOST:8080/nginx-health   nginx's own 'return 200', no application",
            "  no-auth         http://HOST:8083/health         an application through nginx, no auth, no Redis",
            "  redis-session   http://HOST:8081                sessions in Redis",
            "  memory-session  http://HOST:8083                sessions in memory (sticky)",
            "  jwt-hs256       http://HOST:8082                JWT HS256, revocation check in Redis (the compose default)",
            "Add ES256/EdDSA/revocation-off instances with --target NAME=URL (see loadtest/README.md)."})
public final class BenchCommand implements Callable<Integer> {
    /** The default targets by name: port and path on --host. */
    static final Map<String, String> DEFAULT_TARGETS = defaults();

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions targets;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Only these targets, in this order (default: all).")
    List<String> only = new ArrayList<>();

    @Option(names = "--carry", paramLabel = "NAME=URL", description = {"Send the target NAME (a URL with a path) with the",
            "credential of a login at the stack URL, e.g. token-bytes-only=http://127.0.0.1:9205. Repeatable."})
    Map<String, URI> carry = new LinkedHashMap<>();

    @Option(names = "--baseline", defaultValue = "no-auth", description = {"The target the ratios refer to; for targets named GROUP/NAME,",
            "GROUP/BASELINE (e.g. nginx/no-auth for nginx/redis-session). Default: ${DEFAULT-VALUE}"})
    String baseline;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "32", description = "Closed model: requests in flight. Default: ${DEFAULT-VALUE}")
    int concurrency;

    @Option(names = "--warmup", defaultValue = "5s",
            description = "Unmeasured load per target, every target before any is measured (the servers' JIT compilers). Default: ${DEFAULT-VALUE}")
    Duration warmup;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", description = "Closed model: measured time per target, over all rounds. Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Each model's time per target is split into this many turns, interleaved across targets, "
                    + "so that background load drifts onto every target alike. Default: ${DEFAULT-VALUE}")
    int rounds;

    @Option(names = "--open-duration", defaultValue = "10s", description = "Open model: time per target, over all rounds (0s: skip the open model). Default: ${DEFAULT-VALUE}")
    Duration openDuration;

    @Option(names = "--rate", description = "Open model: requests per second for every target. "
            + "Default: half the lowest closed-model throughput of this run, so that every target can carry it.")
    Double rate;

    @Option(names = "--max-in-flight", defaultValue = "2000", description = "Open model: at most this many unanswered requests. Default: ${DEFAULT-VALUE}")
    int maxInFlight;

    @Option(names = "--logins", defaultValue = "4", description = "Logins (credentials) per authenticated target, used in turn. Default: ${DEFAULT-VALUE}")
    int logins;

    @Mixin
    AccountOptions accounts;

    @Option(names = "--timeout", defaultValue = "10s", description = "Per request. Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Mixin
    ClientOptions clients;

    @Mixin
    DockerOptions docker;

    @Option(names = "--redis-service", defaultValue = "redis", description = "Compose service whose INFO is read. Default: ${DEFAULT-VALUE}")
    String redisService;

    @Mixin
    OutOptions out;

    @Override
    public Integer call() throws Exception {
        return new BenchRun(plan(), System.out).run();
    }

    /** The options, checked: a usage error (exit code 2) for values that cannot work. */
    BenchPlan plan() {
        check(concurrency >= 1 && concurrency <= 4096, "--concurrency must be 1 to 4096");
        check(!duration.isZero() && duration.compareTo(Duration.ofMinutes(10)) <= 0, "--duration must be more than 0 and at most 10m");
        check(openDuration.compareTo(Duration.ofMinutes(10)) <= 0, "--open-duration must be at most 10m");
        check(warmup.compareTo(Duration.ofMinutes(5)) <= 0, "--warmup must be at most 5m");
        check(rate == null || (rate > 0 && rate <= 200_000), "--rate must be more than 0 and at most 200000");
        check(maxInFlight >= 1, "--max-in-flight must be at least 1");
        check(rounds >= 1 && rounds <= 20, "--rounds must be 1 to 20");
        check(duration.dividedBy(rounds).toMillis() >= 500, "--duration / --rounds must be at least 500ms");
        check(logins >= 1 && logins <= 100, "--logins must be 1 to 100");
        check(clients.ioThreads() >= 1 && clients.ioThreads() <= 16, "--clients must be 1 to 16");
        List<BenchTarget> chosen = new ArrayList<>();
        targets.resolve(DEFAULT_TARGETS, only).forEach((name, url) ->
                chosen.add(new BenchTarget(name, url, Optional.ofNullable(carry.get(name)))));
        // Checked against every target, not only the chosen ones: --only may leave a carrying target out.
        Map<String, URI> known = targets.resolve(DEFAULT_TARGETS, List.of());
        carry.forEach((name, stack) -> {
            check(known.containsKey(name) && BenchTarget.hasPath(known.get(name)),
                    "--carry " + name + ": needs a target " + name + " with a path (a baseline's URL) among the targets");
            check(!BenchTarget.hasPath(stack), "--carry " + name + "=" + stack + ": the credential comes from a stack's base URL, without a path");
        });
        for (BenchTarget target : chosen) {
            String own = target.baselineIn(baseline);
            check(chosen.stream().anyMatch(t -> t.name().equals(own)), "--baseline " + baseline + ": target " + target.name()
                    + " needs " + own + ", which is not among the targets " + chosen.stream().map(BenchTarget::name).toList());
        }
        return new BenchPlan(chosen, baseline, accounts.accounts(), concurrency, warmup, duration, rounds, openDuration,
                Optional.ofNullable(rate), maxInFlight, logins, timeout, clients.ioThreads(), docker.plan(), redisService, out.out());
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> targets = new LinkedHashMap<>();
        targets.put("nginx-200", "8080/nginx-health");
        targets.put("no-auth", "8083/health");
        targets.put("redis-session", "8081");
        targets.put("memory-session", "8083");
        targets.put("jwt-hs256", "8082");
        return targets;
    }
}
