package lab.loadtest.failover;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import lab.loadtest.Version;
import lab.loadtest.chaos.ChaosEvent;
import lab.loadtest.chaos.ChaosRecord;
import lab.loadtest.chaos.ChaosRunner;
import lab.loadtest.chaos.ContainerControl;
import lab.loadtest.cli.DurationConverter;
import lab.loadtest.docker.ComposeDocker;
import lab.loadtest.http.Account;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.LabApi;
import lab.loadtest.report.ConsoleLines;
import lab.loadtest.report.FailoverReports;
import lab.loadtest.stats.Machine;
import lab.loadtest.stats.Meter;
import lab.loadtest.stats.Second;

/**
 * A failover run, start to end: initial logins (throttled, before the clock starts, because each costs
 * the server a quarter of a second of CPU), the measured phase with its chaos schedule and one line per
 * second and stack, the drain, and the reports.
 */
final class FailoverRun {
    private final FailoverCommand options;
    private final Map<String, URI> targets;
    private final List<Account> accounts;
    private final PrintStream out;

    FailoverRun(FailoverCommand options, Map<String, URI> targets, List<Account> accounts, PrintStream out) {
        this.options = options;
        this.targets = targets;
        this.accounts = accounts;
        this.out = out;
    }

    int run() throws Exception {
        String startedAt = Instant.now().toString();
        double loadBefore = Machine.load();
        Exchanges exchanges = new Exchanges();
        List<Stack> stacks = new ArrayList<>();
        targets.forEach((name, url) -> stacks.add(new Stack(name, new LabApi(url, options.timeout, options.loginTimeout),
                exchanges.newClient(), new Meter())));
        RunState state = new RunState(options.maxRequests);
        Map<Stack, List<VirtualUser>> users = new LinkedHashMap<>();
        for (Stack stack : stacks) {
            List<VirtualUser> list = new ArrayList<>();
            for (int i = 0; i < options.users; i++) {
                list.add(new VirtualUser(stack, accounts.get(i % accounts.size()), exchanges, state,
                        options.think, options.writePercent));
            }
            users.put(stack, list);
        }
        printPlan(stacks);

        AtomicReference<String> noDockerReason = new AtomicReference<>("--no-docker");
        Optional<ContainerControl> docker = dockerFor(options.chaos, noDockerReason);
        String dockerState = docker.map(ContainerControl::describe).orElse("not used: " + noDockerReason.get());
        if (!options.chaos.isEmpty()) {
            out.println("chaos: " + dockerState);
        }

        double loginSeconds = loginPhase(users);
        Map<Stack, Second> loginPhase = new LinkedHashMap<>();
        for (Stack stack : stacks) {
            loginPhase.put(stack, stack.meter().sample(0)); // the login phase, apart from the measured seconds
        }
        if (loginPhase.values().stream().allMatch(s -> s.logins() > 0 && s.failures() == s.logins())) {
            out.println("no stack accepted a login: is the lab up (docker compose ps), and are the URLs right?");
            docker.ifPresent(ContainerControl::close);
            return 2;
        }

        Ticker ticker = new Ticker(stacks, out);
        ChaosRunner chaos = new ChaosRunner(options.chaos, docker, noDockerReason.get(), line -> out.println("         " + line));
        long t0 = System.nanoTime();
        ticker.start();
        chaos.start(t0);
        List<CompletableFuture<Void>> finished = new ArrayList<>();
        users.values().forEach(list -> list.forEach(user -> finished.add(user.start(initialDelay()))));

        waitForEnd(state, t0);
        state.stop();
        drain(finished);
        Map<Stack, List<Second>> series = ticker.stop();
        List<ChaosRecord> chaosRecords = chaos.finish();
        docker.ifPresent(ContainerControl::close);
        if (state.budgetExhausted()) {
            out.println("stopped early: --max-requests " + options.maxRequests + " reached");
        }

        FailoverResult result = result(startedAt, Machine.since(loadBefore), dockerState, loginSeconds, stacks, loginPhase, series, chaosRecords);
        out.println();
        out.println(ConsoleLines.failoverSummary(result));
        List<Path> written = FailoverReports.write(result, options.out, !options.noPng, out::println);
        written.forEach(path -> out.println("wrote " + path));
        return 0;
    }

    private void printPlan(List<Stack> stacks) {
        out.printf("failover: %d users per stack, %s measured, think %s, %d%% writes, %d stacks:%n", options.users,
                DurationConverter.format(options.duration), DurationConverter.format(options.think), options.writePercent,
                stacks.size());
        stacks.forEach(stack -> out.printf("  %-8s %s%n", stack.name(), stack.api().base()));
        options.chaos.forEach(event -> out.println("  chaos at " + event.describe()));
    }

    private Optional<ContainerControl> dockerFor(List<ChaosEvent> chaos, AtomicReference<String> why) {
        if (chaos.isEmpty() || options.noDocker) {
            return Optional.empty();
        }
        return ComposeDocker.connect(options.composeProject, why).map(docker -> docker);
    }

    /** All users log in, stacks interleaved, a few at a time; returns how long it took. */
    private double loginPhase(Map<Stack, List<VirtualUser>> users) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + options.maxLoginPhase.toNanos();
        int total = users.values().stream().mapToInt(List::size).sum();
        out.printf("logging in %d users, %d at a time (each login costs the server about 0.25 s of CPU) ...%n",
                total, options.loginConcurrency);
        Semaphore slots = new Semaphore(options.loginConcurrency);
        List<CompletableFuture<Boolean>> logins = new ArrayList<>();
        for (int i = 0; i < options.users; i++) {
            for (List<VirtualUser> list : users.values()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    out.println("login phase longer than --max-login-phase: the remaining users log in during the run");
                    return finishLogins(logins, start, total);
                }
                logins.add(list.get(i).login().whenComplete((ok, error) -> slots.release()));
            }
        }
        return finishLogins(logins, start, total);
    }

    private double finishLogins(List<CompletableFuture<Boolean>> logins, long start, int total) {
        long ok = logins.stream().map(f -> f.completeOnTimeout(false, options.loginTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS).join())
                .filter(Boolean::booleanValue).count();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("logged in %d of %d users in %.1f s%n", ok, total, seconds);
        return Math.round(seconds * 10) / 10.0;
    }

    /** Users start spread over one think time, so that they do not all fire in the same millisecond. */
    private Duration initialDelay() {
        long think = options.think.toNanos();
        return think == 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(think));
    }

    private void waitForEnd(RunState state, long t0) throws InterruptedException {
        long end = t0 + options.duration.toNanos();
        while (state.running()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000_000L));
        }
    }

    /** Requests in flight finish (a paused instance can hold one until the timeout). */
    private void drain(List<CompletableFuture<Void>> finished) {
        long bound = Math.max(options.timeout.toMillis(), options.loginTimeout.toMillis()) + options.think.toMillis() * 2 + 1000;
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).get(bound, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            out.println("some requests were still unanswered " + bound + " ms after the end; not waiting longer");
        }
    }

    private FailoverResult result(String startedAt, Machine machine, String dockerState, double loginSeconds, List<Stack> stacks,
                                  Map<Stack, Second> loginPhase, Map<Stack, List<Second>> series,
                                  List<ChaosRecord> chaos) {
        List<StackResult> results = new ArrayList<>();
        for (Stack stack : stacks) {
            List<Second> seconds = series.get(stack);
            StackSummary summary = StackSummary.of(seconds, stack.meter().totalLatency(), stack.meter().loginLatency());
            results.add(new StackResult(stack.name(), stack.api().base().toString(), summary, loginPhase.get(stack), seconds));
        }
        String chaosSpec = String.join(",", options.chaos.stream()
                .map(e -> DurationConverter.format(e.at()) + ":" + e.action().verb() + ":" + e.service()).toList());
        FailoverResult.Settings settings = new FailoverResult.Settings(options.users, options.duration.toMillis() / 1000.0,
                options.think.toMillis(), options.writePercent, options.loginConcurrency, chaosSpec, dockerState);
        return new FailoverResult("loadtest " + Version.tool(), startedAt, machine, settings, loginSeconds, results, chaos);
    }
}
