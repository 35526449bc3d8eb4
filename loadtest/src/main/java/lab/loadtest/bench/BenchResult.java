package lab.loadtest.bench;

import java.util.List;
import java.util.Map;
import lab.loadtest.stats.Machine;

/** A bench run: every target measured in the same run, with its ratios to the baseline of that run. */
public record BenchResult(String tool, String startedAt, Machine machine, Settings settings, String baseline, String costSource,
                          List<TargetResult> targets, List<Capacity> capacity) {

    public record Settings(int concurrency, int rounds, double warmupSeconds, double closedSeconds, double openSeconds,
                           double openRate, String openRateSource, int loginsPerTarget) {
    }

    /**
     * @param baseline  the target the ratios refer to: the run's baseline, in this target's group
     * @param hitRatios per cache of the instance (sessions, revocations, verified-tokens): the share of
     *                  the closed model's gets answered from memory; empty without caches
     * @param ratios    against the baseline: throughput (higher is better), latencies and CPU (lower is better)
     */
    public record TargetResult(String name, String url, String mechanism, String error, WireBytes bytes,
                               ClosedModel.Result closed, OpenModel.Result open, ServerCost.Cost cost,
                               String baseline, Map<String, Double> hitRatios, Ratios ratios) {

        /** The group of the name ({@code nginx/redis-session}: nginx), "" without one. */
        public String group() {
            return BenchTarget.groupOf(name);
        }
    }

    /**
     * Against the target's baseline. {@code throughput} is the whole run's; {@code throughputByRound},
     * the lowest and the highest of the rounds' own (round r of the target against round r of its
     * baseline, run a few seconds apart): how far the machine's background moved one measurement.
     */
    public record Ratios(double throughput, Range throughputByRound, double closedP50, double closedP99, double openP50,
                         double openP99, double serverCpu) {
        public static final Ratios NONE = new Ratios(0, Range.NONE, 0, 0, 0, 0, 0);
    }

    /** The lowest and the highest of several ratios. */
    public record Range(double lowest, double highest) {
        public static final Range NONE = new Range(0, 0);
    }
}
