package lab.loadtest.failover;

import java.io.PrintStream;
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
import lab.loadtest.Version;
import lab.loadtest.chaos.ChaosRecord;
import lab.loadtest.chaos.ChaosRunner;
import lab.loadtest.chaos.ContainerControl;
import lab.loadtest.cli.DurationConverter;
import lab.loadtest.docker.DockerAccess;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.LabApi;
import lab.loadtest.report.ConsoleLines;
import lab.loadtest.report.FailoverReports;
import lab.loadtest.stats.Machine;
import lab.loadtest.stats.Meter;
import lab.loadtest.stats.Second;

/**
 * A failover run, start to end: initial logins (throttled, before the clock starts, because each costs
 * the server a tenth of a second or more of CPU), the measured phase with its chaos schedule and one line per
 * second and stack, the drain, and the reports.
 */
final class FailoverRun {
    /** I/O threads of the HTTP client: the users think most of the time, two are plenty. */
    private static final int IO_THREADS = 2;

    private final FailoverPlan plan;
    private final PrintStream out;

    FailoverRun(FailoverPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    /** What the measured phase produced, per stack, and what became of the chaos schedule. */
    private record Measured(Map<Stack, List<Second>> series, List<ChaosRecord> chaos) {
    }

    int run() throws Exception {
        String startedAt = Instant.now().toString();
        double loadBefore = Machine.load();
        List<Stack> stacks = new ArrayList<>();
        plan.stacks().forEach((name, url) -> stacks.add(new Stack(name, new LabApi(url, plan.timeout(), plan.loginTimeout()), new Meter())));
        RunState state = new RunState(plan.maxRequests());
        try (Exchanges exchanges = new Exchanges(IO_THREADS, plan.users()); DockerAccess docker = dockerAccess()) {
            Map<Stack, List<VirtualUser>> users = users(stacks, exchanges, state);
            printPlan(stacks);
            String dockerState = docker instanceof DockerAccess.Connected ? docker.describe() : "not used: " + docker.describe();
            if (!plan.chaos().isEmpty()) {
                out.println("chaos: " + dockerState);
            }
            double loginSeconds = loginPhase(users);
            Map<Stack, Second> loginPhase = new LinkedHashMap<>();
            stacks.forEach(stack -> loginPhase.put(stack, stack.meter().sample(0))); // apart from the measured seconds
            if (loginPhase.values().stream().allMatch(s -> s.logins() > 0 && s.failures() == s.logins())) {
                out.println("no stack accepted a login: is the lab up (docker compose ps), and are the URLs right?");
                return 2;
            }
            Measured measured = measure(stacks, users, state, docker);
            if (state.budgetExhausted()) {
                out.println("stopped early: --max-requests " + plan.maxRequests() + " reached");
            }
            report(result(startedAt, Machine.since(loadBefore), dockerState, loginSeconds, stacks, loginPhase, measured));
            return 0;
        }
    }

    /** Docker only for a chaos schedule: without one there is nothing to do to containers. */
    private DockerAccess dockerAccess() {
        return plan.chaos().isEmpty() ? new DockerAccess.Unavailable("--no-docker") : plan.docker().connect();
    }

    private Map<Stack, List<VirtualUser>> users(List<Stack> stacks, Exchanges exchanges, RunState state) {
        Map<Stack, List<VirtualUser>> users = new LinkedHashMap<>();
        for (Stack stack : stacks) {
            List<VirtualUser> list = new ArrayList<>();
            for (int i = 0; i < plan.users(); i++) {
                list.add(new VirtualUser(stack, plan.accounts().get(i % plan.accounts().size()), exchanges, state,
                        plan.think(), plan.writePercent()));
            }
            users.put(stack, list);
        }
        return users;
    }

    private void printPlan(List<Stack> stacks) {
        out.printf("failover: %d users per stack, %s measured, think %s, %d%% writes, %d stacks:%n", plan.users(),
                DurationConverter.format(plan.duration()), DurationConverter.format(plan.think()), plan.writePercent(),
                stacks.size());
        stacks.forEach(stack -> out.printf("  %-8s %s%n", stack.name(), stack.api().base()));
        plan.chaos().forEach(event -> out.println("  chaos at " + event.describe()));
    }

    /** All users log in, stacks interleaved, a few at a time; returns how long it took. */
    private double loginPhase(Map<Stack, List<VirtualUser>> users) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + plan.maxLoginPhase().toNanos();
        int total = users.values().stream().mapToInt(List::size).sum();
        out.printf("logging in %d users, %d at a time (each login costs the server a tenth of a second or more of CPU) ...%n",
                total, plan.loginConcurrency());
        Semaphore slots = new Semaphore(plan.loginConcurrency());
        List<CompletableFuture<Boolean>> logins = new ArrayList<>();
        for (int i = 0; i < plan.users(); i++) {
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
        long ok = logins.stream().map(f -> f.completeOnTimeout(false, plan.loginTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS).join())
                .filter(Boolean::booleanValue).count();
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf("logged in %d of %d users in %.1f s%n", ok, total, seconds);
        return Math.round(seconds * 10) / 10.0;
    }

    /** The measured phase: every user on its way, the ticker printing, the chaos schedule running, until the end. */
    private Measured measure(List<Stack> stacks, Map<Stack, List<VirtualUser>> users, RunState state, DockerAccess docker)
            throws InterruptedException {
        Ticker ticker = new Ticker(stacks, out);
        Optional<ContainerControl> control = docker.docker().map(engine -> engine);
        ChaosRunner chaos = new ChaosRunner(plan.chaos(), control, docker.describe(), line -> out.println("         " + line));
        long t0 = System.nanoTime();
        ticker.start();
        chaos.start(t0);
        List<CompletableFuture<Void>> finished = users.values().stream().flatMap(List::stream)
                .map(user -> user.start(initialDelay())).toList();
        waitForEnd(state, t0);
        state.stop();
        drain(finished);
        return new Measured(ticker.stop(), chaos.finish());
    }

    /** Users start spread over one think time, so that they do not all fire in the same millisecond. */
    private Duration initialDelay() {
        long think = plan.think().toNanos();
        return think == 0 ? Duration.ZERO : Duration.ofNanos(ThreadLocalRandom.current().nextLong(think));
    }

    private void waitForEnd(RunState state, long t0) throws InterruptedException {
        long end = t0 + plan.duration().toNanos();
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
        long bound = plan.drainBound().toMillis();
        try {
            CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).get(bound, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            out.println("some requests were still unanswered " + bound + " ms after the end; not waiting longer");
        }
    }

    private FailoverResult result(String startedAt, Machine machine, String dockerState, double loginSeconds, List<Stack> stacks,
                                  Map<Stack, Second> loginPhase, Measured measured) {
        List<StackResult> results = new ArrayList<>();
        for (Stack stack : stacks) {
            List<Second> seconds = measured.series().get(stack);
            StackSummary summary = StackSummary.of(seconds, stack.meter().totalLatency(), stack.meter().loginLatency());
            results.add(new StackResult(stack.name(), stack.api().base().toString(), summary, loginPhase.get(stack), seconds));
        }
        String chaosSpec = String.join(",", plan.chaos().stream()
                .map(e -> DurationConverter.format(e.at()) + ":" + e.action().verb() + ":" + e.service()).toList());
        FailoverResult.Settings settings = new FailoverResult.Settings(plan.users(), plan.duration().toMillis() / 1000.0,
                plan.think().toMillis(), plan.writePercent(), plan.loginConcurrency(), chaosSpec, dockerState);
        return new FailoverResult("loadtest " + Version.tool(), startedAt, machine, settings, loginSeconds, results, measured.chaos());
    }

    private void report(FailoverResult result) throws Exception {
        out.println();
        out.println(ConsoleLines.failoverSummary(result));
        List<Path> written = FailoverReports.write(result, plan.out(), plan.png(), out::println);
        written.forEach(path -> out.println("wrote " + path));
    }
}
