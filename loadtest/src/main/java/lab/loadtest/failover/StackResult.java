package lab.loadtest.failover;

import java.util.List;
import lab.loadtest.stats.Second;

/**
 * One stack's run: its totals and per-second series over the measured phase, and what the initial
 * logins before it did ({@code loginPhase}, counted like one long second with t = 0).
 */
public record StackResult(String name, String url, StackSummary summary, Second loginPhase, List<Second> seconds) {
}
