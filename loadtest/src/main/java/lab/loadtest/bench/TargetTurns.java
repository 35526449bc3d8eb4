package lab.loadtest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One ready target's turns, as the interleaved rounds add them; combined, its results of the run. */
record TargetTurns(Prepared.Ready target, List<ClosedModel.Result> closed, List<ServerCost.Cost> costs,
                   List<CacheCounts> caches, List<OpenModel.Result> open) {

    TargetTurns(Prepared.Ready target) {
        this(target, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    String name() {
        return target.target().name();
    }

    /**
     * A target's results over all its turns, and each closed-model turn's throughput in round order; no
     * open model when it was skipped ({@code --open-duration 0s}).
     */
    record Totals(ClosedModel.Result closed, List<Double> roundThroughputs, ServerCost.Cost cost,
                  Map<String, Double> hitRatios, Optional<OpenModel.Result> open) {
    }

    Totals totals() {
        return new Totals(ClosedModel.Result.combine(closed), closed.stream().map(ClosedModel.Result::throughput).toList(),
                ServerCost.Cost.combine(costs), CacheCounts.hitRatios(caches),
                open.isEmpty() ? Optional.empty() : Optional.of(OpenModel.Result.combine(open)));
    }
}
