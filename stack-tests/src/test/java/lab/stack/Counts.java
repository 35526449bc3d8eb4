package lab.stack;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a group of users experienced in one phase of a scenario. Tests assert on these counts, not
 * on single requests, so that one lucky balancer turn cannot make a test pass.
 */
public final class Counts {
    private int requests;
    private int ok;
    private int unauthorized;
    private int serverErrors;
    private int failed;
    private int relogins;
    private long maxMillis;
    private final Set<String> instances = new TreeSet<>();
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    synchronized void record(VirtualUser.Answer answer) {
        requests++;
        maxMillis = Math.max(maxMillis, answer.millis());
        statuses.merge(answer.status(), 1, Integer::sum);
        if (answer.status() == 200) {
            ok++;
            instances.add(answer.instance());
        } else if (answer.status() == 401) {
            unauthorized++;
        } else if (answer.status() >= 500) {
            serverErrors++;
        } else {
            failed++;
        }
    }

    synchronized void relogin() {
        relogins++;
    }

    /** All that {@code others} counted, in one (e.g. the crowd's users, each counted apart). */
    static Counts sum(Iterable<Counts> others) {
        Counts sum = new Counts();
        for (Counts other : others) {
            Snapshot s = other.snapshot();
            sum.requests += s.requests();
            sum.ok += s.ok();
            sum.unauthorized += s.unauthorized();
            sum.serverErrors += s.serverErrors();
            sum.failed += s.failed();
            sum.relogins += s.relogins();
            sum.maxMillis = Math.max(sum.maxMillis, s.maxMillis());
            sum.instances.addAll(s.instances());
            s.statuses().forEach((status, n) -> sum.statuses.merge(status, n, Integer::sum));
        }
        return sum;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(requests, ok, unauthorized, serverErrors, failed, relogins, maxMillis, Set.copyOf(instances),
                Map.copyOf(statuses));
    }

    /**
     * @param failed   requests that got no HTTP answer in time (status -1), or an unexpected 4xx
     * @param statuses how many answers had each status
     */
    public record Snapshot(int requests, int ok, int unauthorized, int serverErrors, int failed, int relogins,
                           long maxMillis, Set<String> instances, Map<Integer, Integer> statuses) {
        /** Requests that did not succeed, for whatever reason. */
        public int unsuccessful() {
            return requests - ok;
        }
    }
}
