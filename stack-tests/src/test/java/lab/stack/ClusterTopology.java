package lab.stack;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import lab.harness.ClusterNode;
import lab.harness.LabStack;

/**
 * The compose file's {@code cluster} profile, as a failover cell would drive it: a Redis Cluster of
 * three primaries and three replicas, six redis-server processes in the one container
 * {@code redis-cluster} (redis/cluster.sh), and the Redis-backed applications on it
 * ({@code REDIS_CLUSTER_NODES}, near caches off). What {@code ./lab up --redis cluster} starts.
 * Nodes are named by their client port; each is killed and started again inside the container
 * (redis/cluster-node.sh), which keeps running.
 */
final class ClusterTopology {
    static final String SERVICE = "redis-cluster";
    static final List<Integer> PORTS = List.of(7001, 7002, 7003, 7004, 7005, 7006);
    private static final List<String> REDIS_APPS = List.of("session-app-1", "session-app-2", "token-app-1", "token-app-2");
    private static final String ADDRESSES = PORTS.stream().map(port -> SERVICE + ":" + port).collect(Collectors.joining(","));
    private static final String NODE_SCRIPT = "/etc/lab-redis/cluster-node.sh";
    private static final String HEALTH_SCRIPT = "/etc/lab-redis/cluster-health.sh";

    private final LabStack stack;

    private ClusterTopology(LabStack stack) {
        this.stack = stack;
    }

    /**
     * Starts the cluster afresh (healthy once every primary has a replica in step), then recreates the
     * Redis-backed applications on it, their near caches off (each primary would report only its own keys).
     */
    static ClusterTopology start(LabStack stack) {
        stack.recreate(Map.of(), SERVICE);
        stack.recreate(Map.of("REDIS_CLUSTER_NODES", ADDRESSES, "REDIS_NEAR_CACHE", "off"), REDIS_APPS.toArray(String[]::new));
        return new ClusterTopology(stack);
    }

    /** Back to the default topology: the cluster gone, the applications on the one Redis (which the cluster did not touch). */
    void stop() {
        stack.remove(SERVICE);
        stack.recreate(Map.of(), REDIS_APPS.toArray(String[]::new));
    }

    /** The cluster as the first node that answers sees it. */
    List<ClusterNode> nodes() {
        return ClusterNode.parseAll(ask("cluster", "nodes"));
    }

    /** The port of the primary that owns {@code key}'s slot now; empty while none that answers does (during a failover). */
    OptionalInt primaryOf(String key) {
        int slot = Integer.parseInt(ask("cluster", "keyslot", key).strip());
        return nodes().stream().filter(node -> node.primary() && !node.failing() && node.owns(slot))
                .mapToInt(ClusterNode::port).findFirst();
    }

    /** SIGKILL to the node on {@code port}, a primary (a crash: the container and the other nodes keep running). */
    void killPrimary(int port) {
        ClusterNode node = nodes().stream().filter(n -> n.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no cluster node on port " + port));
        if (!node.primary() || node.failing()) {
            throw new IllegalStateException("the node on port " + port + " is not a primary that answers: " + node);
        }
        stack.exec(SERVICE, "sh", NODE_SCRIPT, "kill", String.valueOf(port));
    }

    /**
     * Waits until another node than {@code killedPort} is the primary of {@code key}'s slot (its
     * replica, promoted once the others have not heard from the killed one for cluster-node-timeout,
     * 2 s) and returns its port.
     */
    int awaitPromoted(String key, int killedPort) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> primaryOf(key).orElse(killedPort), port -> port != killedPort);
    }

    /**
     * Waits until every replica holds every write its primary has made (the same replication
     * offset): from then on, what the users did before cannot be lost with a primary.
     */
    void awaitReplicasInStep() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(this::replicasInStep);
    }

    private boolean replicasInStep() {
        List<ClusterNode> primaries = nodes().stream().filter(node -> node.primary() && !node.failing()).toList();
        for (ClusterNode primary : primaries) {
            Map<String, String> info = stack.exec(SERVICE, "redis-cli", "-p", String.valueOf(primary.port()), "info", "replication")
                    .lines().map(String::strip).filter(line -> line.contains(":"))
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                            line -> line.substring(line.indexOf(':') + 1), (a, b) -> b));
            // slave0:ip=10.213.10.15,port=7004,state=online,offset=1234,lag=0
            String replica = info.getOrDefault("slave0", "");
            if (!replica.contains("state=online") || !replica.contains("offset=" + info.get("master_repl_offset") + ",")) {
                return false;
            }
        }
        return !primaries.isEmpty();
    }

    /**
     * Starts a killed node again with its nodes.conf: the others tell it that its slots have a new
     * primary, and it becomes that primary's replica. Returns once the cluster is whole again: every
     * node in cluster_state:ok, three primaries each with a replica in step (redis/cluster-health.sh,
     * asked directly: Docker's health status lags by its interval).
     */
    void restore(int port) {
        stack.exec(SERVICE, "sh", NODE_SCRIPT, "start", String.valueOf(port));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(this::healthy);
    }

    private boolean healthy() {
        try {
            stack.exec(SERVICE, "sh", HEALTH_SCRIPT);
            return true;
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    /** Whether the cluster holds {@code key} now (asked of Redis itself, as the operator, following MOVED). */
    boolean exists(String key) {
        return ask("-c", "--raw", "exists", key).strip().equals("1");
    }

    /** A redis-cli command on the first node that answers (a killed one does not). */
    private String ask(String... command) {
        IllegalStateException last = null;
        for (int port : PORTS) {
            String[] args = new String[command.length + 3];
            args[0] = "redis-cli";
            args[1] = "-p";
            args[2] = String.valueOf(port);
            System.arraycopy(command, 0, args, 3, command.length);
            try {
                return stack.exec(SERVICE, args);
            } catch (IllegalStateException notAnswering) {
                last = notAnswering;
            }
        }
        throw new IllegalStateException("no node of the cluster answers", last);
    }
}
