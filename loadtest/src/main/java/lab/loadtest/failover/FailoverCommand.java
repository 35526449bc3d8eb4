package lab.loadtest.failover;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lab.loadtest.chaos.ChaosEvent;
import lab.loadtest.chaos.ChaosSchedule;
import lab.loadtest.cli.AccountConverter;
import lab.loadtest.cli.Targets;
import lab.loadtest.http.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code loadtest failover}: the options; {@link FailoverRun} does the work. */
@Command(name = "failover", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "N virtual users per stack log in once, then read and write for a while; all stacks at the same time.",
            "A user who gets 401 logs in again: a forced re-login. Optionally kills, pauses, stops... containers",
            "on a schedule (--chaos) through the Docker API. Prints one line per second and stack, then a",
            "summary; writes failover.json, failover.html, failover.png and failover-summary.md to --out."},
        footer = {"", "Example:",
            "  loadtest failover --users 50 --duration 60s --chaos 20s:kill:session-app-1,20s:kill:sticky-app-1,40s:start:session-app-1,40s:start:sticky-app-1"})
public final class FailoverCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "${env:LOADTEST_HOST:-127.0.0.1}", paramLabel = "HOST",
            description = "Host of the default targets (redis=http://HOST:8081, token=:8082, sticky=:8083); "
                    + "nginx inside the compose network. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "A stack's base URL by name; replaces a default of the same name or adds one.")
    Map<String, URI> targets = new LinkedHashMap<>();

    @Option(names = "--stacks", split = ",", paramLabel = "NAME",
            description = "Only these targets (default: all).")
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

    @Option(names = "--compose-project", defaultValue = "session-vs-token-lab",
            description = "Compose project whose containers --chaos may touch. Default: ${DEFAULT-VALUE}")
    String composeProject;

    @Option(names = "--no-docker", description = "Never use the Docker API: chaos events are announced for a person to do.")
    boolean noDocker;

    @Option(names = "--account", converter = AccountConverter.class, paramLabel = "USER:PASSWORD",
            description = "Accounts the users log in with, in turn. Default: alice:alice-pw and bob:bob-pw")
    List<Account> accounts = new ArrayList<>();

    @Option(names = "--login-concurrency", defaultValue = "2",
            description = "Initial logins in flight at once (a login costs the server ~0.25 s of CPU). Default: ${DEFAULT-VALUE}")
    int loginConcurrency;

    @Option(names = "--max-login-phase", defaultValue = "120s",
            description = "Start the measured phase after this long even if not every user has logged in. Default: ${DEFAULT-VALUE}")
    Duration maxLoginPhase;

    @Option(names = "--timeout", defaultValue = "10s", description = "Per API request. Default: ${DEFAULT-VALUE}")
    Duration timeout;

    @Option(names = "--login-timeout", defaultValue = "15s",
            description = "Per login; above nginx's 10 s for /auth/login, so that nginx's 504 is what a slow login shows. Default: ${DEFAULT-VALUE}")
    Duration loginTimeout;

    @Option(names = "--max-requests", defaultValue = "2000000",
            description = "Upper bound on requests of the whole run, logins included. Default: ${DEFAULT-VALUE}")
    long maxRequests;

    @Option(names = {"-o", "--out"}, defaultValue = "${env:LOADTEST_OUT:-loadtest-report}", description = "Report directory. Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--no-png", description = "Skip the PNG chart (e.g. a JRE without fonts).")
    boolean noPng;

    @Override
    public Integer call() throws Exception {
        validate();
        Map<String, URI> defaults = new LinkedHashMap<>();
        defaults.put("redis", URI.create("http://" + host + ":8081"));
        defaults.put("token", URI.create("http://" + host + ":8082"));
        defaults.put("sticky", URI.create("http://" + host + ":8083"));
        Map<String, URI> stacks = Targets.merge(defaults, targets, only, spec);
        List<Account> logins = accounts.isEmpty()
                ? List.of(new Account("alice", "alice-pw"), new Account("bob", "bob-pw")) : accounts;
        FailoverRun run = new FailoverRun(this, stacks, logins, System.out);
        return run.run();
    }

    private void validate() {
        check(users >= 1 && users <= 5000, "--users must be 1 to 5000");
        check(!duration.isZero() && duration.compareTo(Duration.ofHours(1)) <= 0, "--duration must be more than 0 and at most 1h");
        check(writePercent >= 0 && writePercent <= 100, "--write-percent must be 0 to 100");
        check(loginConcurrency >= 1, "--login-concurrency must be at least 1");
        check(maxRequests >= 1, "--max-requests must be at least 1");
        check(!timeout.isZero() && !loginTimeout.isZero(), "--timeout and --login-timeout must be more than 0");
        for (ChaosEvent event : chaos) {
            check(event.at().compareTo(duration) < 0, "chaos event " + event.describe() + " is not within --duration " + duration.toSeconds() + "s");
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
