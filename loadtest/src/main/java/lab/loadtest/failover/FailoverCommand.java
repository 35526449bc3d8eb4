package lab.loadtest.failover;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lab.loadtest.chaos.ChaosEvent;
import lab.loadtest.chaos.ChaosSchedule;
import lab.loadtest.cli.AccountOptions;
import lab.loadtest.cli.DockerOptions;
import lab.loadtest.cli.OutOptions;
import lab.loadtest.cli.TargetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loadtest failover}: the options, checked, become a {@link FailoverPlan}; {@link FailoverRun} does the work. */
@Command(name = "failover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "N virtual users per stack log in once, then read and write for a while; all stacks at the same time.",
            "A user who gets 401 logs in again: a forced re-login. Optionally kills, pauses, stops... containers",
            "on a schedule (--chaos) through the Docker API. Prints one line per second and stack, then a",
            "summary; writes failover.json, failover.html, failover.png and failover-summary.md to --out."},
        footer = {"", "Default targets: redis=http://HOST:8081, token=http://HOST:8082, sticky=http://HOST:8083.",
            "", "Example:",
            "  loadtest failover --users 50 --duration 60s --chaos 20s:kill:session-app-1,20s:kill:sticky-app-1,40s:start:session-app-1,40s:start:sticky-app-1"})
public final class FailoverCommand implements Callable<Integer> {
    /** The lab's three stacks behind nginx, by name: port (no path: base URLs). */
    static final Map<String, String> DEFAULT_STACKS = defaults();

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOptions targets;

    @Option(names = "--stacks", split = ",", paramLabel = "NAME", description = "Only these targets (default: all).")
    List<String> only = new ArrayList<>();

    @Option(names = {"-u", "--users"}, defaultValue = "50", description = "Virtual users per stack. Default: ${DEFAULT-VALUE}")
    int users;

    @Option(names = {"-d", "--duration"}, defaultValue = "60s", description = "Measured phase (after the initial logins). Default: ${DEFAULT-VALUE}")
    Duration duration;

    @Option(names = "--think", defaultValue = "200ms",
            description = "Mean pause between a user's requests (uniform from half to 1.5 times). 0s: no pause. Default: ${DEFAULT-VALUE}")
    Duration think;

    @Option(names = "--write-percent", defaultValue = "10",
            description = "Share of requests that are POST /api/transfers; the rest is GET /api/me. Default: ${DEFAULT-VALUE}")
    int writePercent;

    @Option(names = "--chaos", converter = ChaosSchedule.Converter.class, paramLabel = "TIME:VERB:SERVICE[,...]",
            description = "e.g. 20s:kill:session-app-1,40s:start:session-app-1. Verbs: kill, pause, unpause, stop, start, restart.")
    List<ChaosEvent> chaos = List.of();

    @Mixin
    DockerOptions docker;

    @Mixin
    AccountOptions accounts;

    @Option(names = "--login-concurrency", defaultValue = "2",
            description = "Initial logins in flight at once (a login costs the server a tenth of a second or more of CPU). Default: ${DEFAULT-VALUE}")
    int loginConcurrency;

    @Option(names = "--max-login-phase", defaultValue = "120s",
            description = "Start the measured phase after this long even if not every user has logged in. Default: ${DEFAULT-VALUE}")
    Duration maxLoginPhase;

    @Option(names = "--timeout", defaultValue = "10s", description = "Per API request. Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(names = "--login-timeout", defaultValue = "20s",
            description = "Per login; above nginx's 15 s for /auth/login, so that nginx's 504 is what a slow login shows. Default: ${DEFAULT-VALUE}")
    Duration loginTimeout;

    @Option(names = "--max-requests", defaultValue = "2000000",
            description = "Upper bound on requests of the whole run, logins included. Default: ${DEFAULT-VALUE}")
    long maxRequests;

    @Mixin
    OutOptions out;

    @Option(names = "--no-png", description = "Skip the PNG chart (e.g. a JRE without fonts).")
    boolean noPng;

    @Override
    public Integer call() throws Exception {
        return new FailoverRun(plan(), System.out).run();
    }

    /** The options, checked: a usage error (exit code 2) for values that cannot work. */
    FailoverPlan plan() {
        check(users >= 1 && users <= 5000, "--users must be 1 to 5000");
        check(!duration.isZero() && duration.compareTo(Duration.ofHours(1)) <= 0, "--duration must be more than 0 and at most 1h");
        check(writePercent >= 0 && writePercent <= 100, "--write-percent must be 0 to 100");
        check(loginConcurrency >= 1, "--login-concurrency must be at least 1");
        check(maxRequests >= 1, "--max-requests must be at least 1");
        check(!timeout.isZero() && !loginTimeout.isZero(), "--timeout and --login-timeout must be more than 0");
        for (ChaosEvent event : chaos) {
            check(event.at().compareTo(duration) < 0, "chaos event " + event.describe() + " is not within --duration " + duration.toSeconds() + "s");
        }
        return new FailoverPlan(targets.resolve(DEFAULT_STACKS, only), accounts.accounts(), users, duration, think,
                writePercent, chaos, docker.plan(), loginConcurrency, maxLoginPhase, timeout, loginTimeout, maxRequests,
                out.out(), !noPng);
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }

    private static Map<String, String> defaults() {
        Map<String, String> stacks = new LinkedHashMap<>();
        stacks.put("redis", "8081");
        stacks.put("token", "8082");
        stacks.put("sticky", "8083");
        return stacks;
    }
}
