package lab.loadtest.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.DoubleSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import lab.loadtest.Version;
import lab.loadtest.bench.TargetTurns.Totals;
import lab.loadtest.docker.DockerAccess;
import lab.loadtest.http.Exchanges;
import lab.loadtest.report.BenchReports;
import lab.loadtest.stats.Machine;

/**
 * A bench run: prepare every target (log in, one sample request for the bytes), warm every one up, then
 * the closed model for each target in turn with the server counters read around it, then the open model
 * for each at one common rate. Targets run one after the other, never together: each has the machine to
 * itself; the rounds interleave them, so that a change in background load falls on every target alike.
 */
final class BenchRun {
    /** Unmeasured time at the start of each closed-model run, after the warm-up round: the pipeline fills. */
    private static final Duration SETTLE = Duration.ofSeconds(1);

    private final BenchPlan plan;
    private final PrintStream out;

    BenchRun(BenchPlan plan, PrintStream out) {
        this.plan = plan;
        this.out = out;
    }

    int run() throws Exception {
        String startedAt = Instant.now().toString();
        double loadBefore = Machine.load();
        try (DockerAccess docker = plan.docker().connect();
             Exchanges exchanges = new Exchanges(plan.ioThreads(), Math.max(plan.concurrency(), plan.maxInFlight()))) {
            String costSource = docker instanceof DockerAccess.Connected
                    ? "measured: " + docker.describe() : "not measured (" + docker.describe() + ")";
            out.println("server CPU and Redis counters: " + costSource);
            List<Prepared> prepared = prepareAll(exchanges);
            for (String baseline : baselines()) {
                if (prepared.stream().noneMatch(p -> p instanceof Prepared.Ready && p.target().name().equals(baseline))) {
                    out.println("the baseline " + baseline + " does not answer: is the lab up (docker compose ps)?");
                    return 2;
                }
            }
            List<TargetTurns> turns = prepared.stream().filter(Prepared.Ready.class::isInstance)
                    .map(p -> new TargetTurns((Prepared.Ready) p)).toList();
            warmUp(exchanges, turns);
            closedRounds(exchanges, turns, new ServerCost(docker.docker(), plan.redisService()));
            double rate = openRate(turns);
            openRounds(exchanges, turns, rate);
            report(result(startedAt, Machine.since(loadBefore), costSource, prepared, totals(turns), rate));
            return 0;
        }
    }

    /** The baseline of every group of targets. */
    private List<String> baselines() {
        return plan.targets().stream().map(t -> t.baselineIn(plan.baseline())).distinct().toList();
    }

    private List<Prepared> prepareAll(Exchanges exchanges) {
        List<Prepared> prepared = new ArrayList<>();
        for (BenchTarget target : plan.targets()) {
            Prepared p = Prepared.prepare(exchanges, target, plan);
            String skipped = p instanceof Prepared.Skipped skip ? "  SKIPPED: " + skip.error() : "";
            String carried = target.carry().map(stack -> " with a credential from " + stack).orElse("");
            out.printf("  %-16s %-8s %s%s%s%n", target.name(), p.mechanism(), target.url(), carried, skipped);
            prepared.add(p);
        }
        return prepared;
    }

    /**
     * Every target warms up before any is measured: targets share instances (no-auth and memory-session
     * both run on the sticky ones), and the first measured must not be the only one measured with cold
     * JIT compilers (this generator's included).
     */
    private void warmUp(Exchanges exchanges, List<TargetTurns> turns) {
        if (plan.warmup().isZero()) {
            return;
        }
        out.printf("%nwarm-up: %ds per target, all targets before any measurement%n", plan.warmup().toSeconds());
        for (TargetTurns t : turns) {
            ClosedModel.run(exchanges, t.target().supplier(), plan.concurrency(), Duration.ZERO, plan.warmup());
        }
    }

    private void closedRounds(Exchanges exchanges, List<TargetTurns> turns, ServerCost costs) {
        Duration settle = plan.warmup().compareTo(SETTLE) < 0 ? plan.warmup() : SETTLE;
        out.printf("%nclosed model: %d in flight, %d rounds of %d ms per target (each after %d ms unmeasured)%n",
                plan.concurrency(), plan.rounds(), plan.closedTurn().toMillis(), settle.toMillis());
        // One snapshot between consecutive turns serves as the end of one and the start of the next
        // (reading every container's counters takes seconds on a busy machine).
        ServerCost.Snapshot before = costs.snapshot();
        for (int round = 1; round <= plan.rounds(); round++) {
            for (TargetTurns t : turns) {
                CacheCounts cachesBefore = CacheCounts.read(exchanges, t.target().target(), plan.timeout());
                ClosedModel.Result result = ClosedModel.run(exchanges, t.target().supplier(), plan.concurrency(), settle,
                        plan.closedTurn());
                t.caches().add(CacheCounts.read(exchanges, t.target().target(), plan.timeout()).since(cachesBefore));
                ServerCost.Snapshot after = costs.snapshot();
                ServerCost.Cost cost = ServerCost.between(before, after, result.total(), plan.redisService(), ServerCost.path(result));
                before = after;
                t.closed().add(result);
                t.costs().add(cost);
                out.printf(Locale.ROOT, "  %d/%d %-16s %9.1f req/s  p50 %7.2f ms  p99 %7.2f ms  errors %d  generator %.1f µs/req%s%n",
                        round, plan.rounds(), t.name(), result.throughput(), result.latency().p50(), result.latency().p99(),
                        result.errors(), cost.generatorCpuMicros(), costs.available() ? String.format(Locale.ROOT,
                                "  servers %.1f µs/req  redis %.2f cmd/req", cost.serverCpuMicros(), cost.redisCommandsTotal()) : "");
            }
        }
    }

    /** The --rate given, or half the lowest closed-model throughput of the run: a rate every target can carry. */
    private double openRate(List<TargetTurns> turns) {
        if (plan.rate().isPresent()) {
            return plan.rate().get();
        }
        double lowest = turns.stream().mapToDouble(t -> ClosedModel.Result.combine(t.closed()).throughput())
                .filter(throughput -> throughput > 0).min().orElse(100);
        return Math.max(10, Math.floor(lowest / 2));
    }

    private String rateSource() {
        return plan.rate().isPresent() ? "--rate" : "half the lowest closed-model throughput of this run";
    }

    private void openRounds(Exchanges exchanges, List<TargetTurns> turns, double rate) throws InterruptedException {
        if (plan.openDuration().isZero()) {
            return;
        }
        out.printf(Locale.ROOT, "%nopen model: %.0f req/s (%s), %d rounds of %d ms per target%n", rate, rateSource(),
                plan.rounds(), plan.openTurn().toMillis());
        for (int round = 1; round <= plan.rounds(); round++) {
            for (TargetTurns t : turns) {
                OpenModel.Result result = OpenModel.run(exchanges, t.target().supplier(), rate, plan.openTurn(), plan.maxInFlight());
                t.open().add(result);
                out.printf(Locale.ROOT, "  %d/%d %-16s %9.1f req/s  p50 %7.2f ms  p99 %8.2f ms  p99.9 %8.2f ms  "
                                + "(service p99 %.2f ms, send lag max %.1f ms)%n", round, plan.rounds(), t.name(),
                        result.achievedRate(), result.latency().p50(), result.latency().p99(), result.latency().p999(),
                        result.serviceTime().p99(), result.maxSendLagMs());
            }
        }
    }

    private static Map<String, Totals> totals(List<TargetTurns> turns) {
        Map<String, Totals> totals = new LinkedHashMap<>();
        turns.forEach(t -> totals.put(t.name(), t.totals()));
        return totals;
    }

    private BenchResult result(String startedAt, Machine machine, String costSource, List<Prepared> prepared,
                               Map<String, Totals> totals, double rate) {
        List<BenchResult.TargetResult> results = new ArrayList<>();
        List<Capacity> capacity = new ArrayList<>();
        for (Prepared p : prepared) {
            String baseline = p.target().baselineIn(plan.baseline());
            results.add(targetResult(p, totals.get(p.target().name()), baseline, totals.get(baseline)));
            if (p instanceof Prepared.Ready ready && !ready.target().plain()
                    && !totals.get(ready.target().name()).cost().cpuMicros().isEmpty()) {
                capacity.add(Capacity.of(ready.target().name(), ready.mechanism(), totals.get(ready.target().name()).cost()));
            }
        }
        BenchResult.Settings settings = new BenchResult.Settings(plan.concurrency(), plan.rounds(), seconds(plan.warmup()),
                seconds(plan.duration()), seconds(plan.openDuration()), rate, rateSource(), plan.logins());
        return new BenchResult("loadtest " + Version.tool(), startedAt, machine, settings, plan.baseline(), costSource, results, capacity);
    }

    /** A skipped target keeps its reason (and bytes, when it got that far); the JSON has nulls for what it lacks. */
    private static BenchResult.TargetResult targetResult(Prepared prepared, Totals totals, String baseline, Totals base) {
        String name = prepared.target().name();
        String url = prepared.target().url().toString();
        if (prepared instanceof Prepared.Skipped skipped) {
            return new BenchResult.TargetResult(name, url, skipped.mechanism(), skipped.error(), skipped.bytes().orElse(null),
                    null, null, null, baseline, Map.of(), BenchResult.Ratios.NONE);
        }
        Prepared.Ready ready = (Prepared.Ready) prepared;
        return new BenchResult.TargetResult(name, url, ready.mechanism(), null, ready.bytes(), totals.closed(),
                totals.open().orElse(null), totals.cost(), baseline, totals.hitRatios(), ratios(totals, base));
    }

    private static BenchResult.Ratios ratios(Totals t, Totals base) {
        boolean hasOpen = t.open().isPresent() && base.open().isPresent();
        boolean hasCost = !t.cost().cpuMicros().isEmpty();
        return new BenchResult.Ratios(ratio(t.closed().throughput(), base.closed().throughput()),
                byRound(t.roundThroughputs(), base.roundThroughputs()),
                ratio(t.closed().latency().p50(), base.closed().latency().p50()),
                ratio(t.closed().latency().p99(), base.closed().latency().p99()),
                hasOpen ? ratio(t.open().get().latency().p50(), base.open().get().latency().p50()) : 0,
                hasOpen ? ratio(t.open().get().latency().p99(), base.open().get().latency().p99()) : 0,
                hasCost ? ratio(t.cost().serverCpuMicros(), base.cost().serverCpuMicros()) : 0);
    }

    static double ratio(double value, double base) {
        return base <= 0 ? 0 : Math.round(value / base * 100.0) / 100.0;
    }

    /** Each round's ratio to the same round of the baseline: the lowest and the highest. */
    static BenchResult.Range byRound(List<Double> target, List<Double> base) {
        DoubleSummaryStatistics ratios = IntStream.range(0, Math.min(target.size(), base.size()))
                .mapToDouble(round -> ratio(target.get(round), base.get(round))).summaryStatistics();
        return ratios.getCount() == 0 ? BenchResult.Range.NONE : new BenchResult.Range(ratios.getMin(), ratios.getMax());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private void report(BenchResult result) throws Exception {
        out.println();
        out.println(BenchReports.markdown(result));
        for (Path path : BenchReports.write(result, plan.out())) {
            out.println("wrote " + path);
        }
    }
}
