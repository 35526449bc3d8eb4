package lab.loadtest.failover;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.loadtest.chaos.ChaosEvent;
import lab.loadtest.docker.DockerAccess;
import lab.loadtest.http.Account;

/**
 * What a failover run is to do, checked and complete: what {@link FailoverCommand} makes of its
 * options, and all that {@link FailoverRun} reads.
 *
 * @param stacks          base URL by stack name, in the order of the reports
 * @param loginTimeout    per login (logins are slow on purpose; nginx gives them 15 s)
 * @param maxLoginPhase   the measured phase starts after this long even if not everyone has logged in
 * @param maxRequests     upper bound on requests of the whole run, logins included
 */
public record FailoverPlan(Map<String, URI> stacks, List<Account> accounts, int users, Duration duration, Duration think,
                           int writePercent, List<ChaosEvent> chaos, DockerAccess.Plan docker, int loginConcurrency,
                           Duration maxLoginPhase, Duration timeout, Duration loginTimeout, long maxRequests, Path out,
                           boolean png) {

    /** How long to wait, after the end, for the answers still on their way (a paused instance holds one until the timeout). */
    Duration drainBound() {
        Duration longest = timeout.compareTo(loginTimeout) >= 0 ? timeout : loginTimeout;
        return longest.plus(think.multipliedBy(2)).plusSeconds(1);
    }
}
