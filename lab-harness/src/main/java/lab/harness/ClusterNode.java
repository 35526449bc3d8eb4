package lab.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * One node of a Redis Cluster as a line of {@code CLUSTER NODES} describes it: a primary with its
 * slot ranges, or a replica of {@code primaryId}. For the tests that watch a cluster fail over: the
 * contract tests' cluster in a container and the compose stack's ({@code ./lab up --redis cluster}).
 */
public record ClusterNode(String id, int port, boolean primary, boolean failing, String primaryId, List<int[]> slots) {

    public boolean owns(int slot) {
        return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
    }

    /** {@code <id> <ip:port@cport> <flags> <primary id or -> <ping> <pong> <epoch> <link> <slot ranges...>} */
    public static ClusterNode parse(String line) {
        String[] f = line.strip().split(" ");
        String address = f[1].split("[@,]")[0];
        Set<String> flags = Set.of(f[2].split(","));
        List<int[]> slots = Arrays.stream(f).skip(8).filter(s -> !s.startsWith("[")).map(s -> {
            String[] range = s.split("-");
            return new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])};
        }).toList();
        return new ClusterNode(f[0], Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), flags.contains("master"),
                flags.contains("fail") || flags.contains("fail?"), f[3], slots);
    }

    /** Every node of a {@code CLUSTER NODES} answer. */
    public static List<ClusterNode> parseAll(String clusterNodes) {
        return clusterNodes.lines().filter(line -> !line.isBlank()).map(ClusterNode::parse).toList();
    }
}
