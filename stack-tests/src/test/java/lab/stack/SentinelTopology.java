package lab.stack;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lab.harness.LabStack;

/**
 * The compose file's {@code sentinel} profile, as the failover suite drives it: Redis as a primary and a
 * replica ({@code REDIS_TOPOLOGY=sentinel}) watched by three Sentinels, and the Redis-backed
 * applications asking the Sentinels where the primary is ({@code REDIS_SENTINELS}). What
 * {@code ./lab up --redis sentinel} starts.
 */
final class SentinelTopology {
    static final List<String> NODES = List.of("redis", "redis-replica");
    static final List<String> SENTINELS = List.of("sentinel-1", "sentinel-2", "sentinel-3");
    private static final List<String> REDIS_APPS = List.of("session-app-1", "session-app-2", "token-app-1", "token-app-2");
    private static final String ADDRESSES = "sentinel-1:26379,sentinel-2:26379,sentinel-3:26379";

    private final LabStack stack;

    private SentinelTopology(LabStack stack) {
        this.stack = stack;
    }

    /**
     * Recreates Redis as a primary with a replica, starts the Sentinels (healthy once they could fail
     * over: quorum and a replica in step), then the applications, which ask them for the primary.
     */
    static SentinelTopology start(LabStack stack) {
        stack.recreate(Map.of("REDIS_TOPOLOGY", "sentinel"),
                Stream.concat(NODES.stream(), SENTINELS.stream()).toArray(String[]::new));
        stack.recreate(Map.of("REDIS_SENTINELS", ADDRESSES), REDIS_APPS.toArray(String[]::new));
        return new SentinelTopology(stack);
    }

    /** Back to the default topology: the replica and the Sentinels gone, one Redis (empty), the applications on it. */
    void stop() {
        stack.remove(Stream.concat(Stream.of("redis-replica"), SENTINELS.stream()).toArray(String[]::new));
        stack.recreate(Map.of(), "redis");
        stack.recreate(Map.of(), REDIS_APPS.toArray(String[]::new));
    }

    /** The data node the Sentinels name primary now (a Sentinel that cannot say yet: "unknown"). */
    String primary() {
        String ip = stack.exec("sentinel-1", "redis-cli", "-p", "26379", "--raw",
                "sentinel", "get-master-addr-by-name", "lab").lines().findFirst().orElse("").strip();
        return NODES.stream().filter(node -> ip.equals(stack.address(node))).findFirst().orElse("unknown");
    }

    /** Whether the primary holds {@code key} now (asked of Redis itself, as the operator). */
    boolean exists(String key) {
        return stack.exec(primary(), "redis-cli", "--raw", "exists", key).strip().equals("1");
    }

    /** The other data node. */
    static String other(String node) {
        return NODES.get(1 - NODES.indexOf(node));
    }

    /**
     * Waits until the replica holds every write the primary has made (the same replication offset):
     * from then on, what the users did before cannot be lost with the primary.
     */
    void awaitReplicaInStep(String primary) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> replicaInStep(primary));
    }

    private boolean replicaInStep(String primary) {
        Map<String, String> info = stack.exec(primary, "redis-cli", "info", "replication").lines()
                .map(String::strip).filter(line -> line.contains(":"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                        line -> line.substring(line.indexOf(':') + 1), (a, b) -> b));
        // slave0:ip=10.213.10.11,port=6379,state=online,offset=1234,lag=0
        String replica = info.getOrDefault("slave0", "");
        return replica.contains("state=online") && replica.contains("offset=" + info.get("master_repl_offset") + ",");
    }

    /** Starts a killed data node again and waits until it is a replica in step and the Sentinels could fail over again. */
    void restore(String node) {
        stack.start(node);
        stack.awaitHealthy(node);
        stack.awaitHealthy(SENTINELS.toArray(String[]::new));
    }
}
