package lab.loadtest.failover;

import java.util.List;
import lab.loadtest.stats.Latency;
import lab.loadtest.stats.Second;

/**
 * One stack's totals over the measured phase.
 *
 * @param successPercent       2xx among API requests
 * @param loginCostMs          the fastest successful login: with no queueing, that is about the CPU one
 *                             login (PBKDF2) costs the server
 * @param reLoginCpuSeconds    forced re-logins times that cost: CPU the failover made the servers spend
 *                             again (an estimate)
 * @param secondsWithFailures  seconds in which any request failed (401, 5xx, no answer)
 * @param longestFailureStreak the longest run of consecutive such seconds
 */
public record StackSummary(long requests, long ok, long unauthorized, long serverErrors, long otherErrors,
                           long logins, long reLogins, double successPercent, double loginCostMs,
                           double reLoginCpuSeconds, int secondsWithFailures, int longestFailureStreak,
                           Latency latency, Latency loginLatency) {

    public static StackSummary of(List<Second> seconds, Latency latency, Latency loginLatency) {
        long requests = 0, ok = 0, unauthorized = 0, serverErrors = 0, otherErrors = 0, logins = 0, reLogins = 0;
        int failing = 0, streak = 0, longest = 0;
        for (Second s : seconds) {
            requests += s.requests();
            ok += s.ok();
            unauthorized += s.unauthorized();
            serverErrors += s.serverErrors();
            otherErrors += s.otherErrors();
            logins += s.logins();
            reLogins += s.reLogins();
            if (s.failures() > 0) {
                failing++;
                streak++;
                longest = Math.max(longest, streak);
            } else {
                streak = 0;
            }
        }
        double success = requests == 0 ? 0 : Math.round(10_000.0 * ok / requests) / 100.0;
        double loginCost = loginLatency.min();
        double reLoginCpu = Math.round(reLogins * loginCost) / 1000.0;
        return new StackSummary(requests, ok, unauthorized, serverErrors, otherErrors, logins, reLogins, success,
                loginCost, reLoginCpu, failing, longest, latency, loginLatency);
    }
}
