package lab.loadtest.failover;

import java.util.List;
import lab.loadtest.chaos.ChaosRecord;
import lab.loadtest.stats.Machine;

/**
 * Everything a failover run produced; written as JSON and rendered as tables and charts.
 *
 * @param loginPhaseSeconds how long the initial logins took, before the measured phase
 */
public record FailoverResult(String tool, String startedAt, Machine machine, Settings settings, double loginPhaseSeconds,
                             List<StackResult> stacks, List<ChaosRecord> chaos) {

    /** The options of the run, as the report shows them. */
    public record Settings(int usersPerStack, double durationSeconds, double thinkMs, int writePercent,
                           int loginConcurrency, String chaos, String docker) {
    }
}
