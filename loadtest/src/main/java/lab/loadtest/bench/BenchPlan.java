package lab.loadtest.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.loadtest.docker.DockerAccess;
import lab.loadtest.http.Account;

/**
 * What a bench run is to do, checked and complete: what {@link BenchCommand} makes of its options, and
 * all that {@link BenchRun} reads.
 *
 * @param targets      in the order of the reports; the baseline among them
 * @param warmup       unmeasured load per target, every target before any is measured
 * @param duration     closed model: measured time per target, over all rounds
 * @param openDuration open model: time per target, over all rounds; zero skips the open model
 * @param rate         open model: requests per second; empty for half the lowest closed-model throughput
 * @param logins       credentials per authenticated target, used in turn
 * @param ioThreads    the HTTP client's I/O threads
 */
public record BenchPlan(List<BenchTarget> targets, String baseline, List<Account> accounts, int concurrency, Duration warmup,
                        Duration duration, int rounds, Duration openDuration, Optional<Double> rate, int maxInFlight,
                        int logins, Duration timeout, int ioThreads, DockerAccess.Plan docker, String redisService, Path out) {

    Duration closedTurn() {
        return duration.dividedBy(rounds);
    }

    Duration openTurn() {
        return openDuration.dividedBy(rounds);
    }
}
