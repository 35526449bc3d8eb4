package lab.common.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import lab.common.contract.RedisClusterSupport.Cluster;
import lab.harness.ClusterNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

@Tag("docker")
@DisplayName("a Redis Cluster in one container (redis/cluster.sh, as RedisClusterSupport starts it)")
class RedisClusterSupportTest {

    @Test
    @DisplayName("three primaries holding all 16384 slots, the first three ports, each with a replica of its own")
    void threePrimariesThreeReplicas() {
        Cluster cluster = RedisClusterSupport.shared();
        List<ClusterNode> nodes = cluster.topology();
        List<ClusterNode> primaries = nodes.stream().filter(ClusterNode::primary).toList();
        List<ClusterNode> replicas = nodes.stream().filter(node -> !node.primary()).toList();

        assertThat(nodes).hasSize(6).noneMatch(ClusterNode::failing);
        assertThat(primaries).extracting(ClusterNode::port).containsExactlyInAnyOrderElementsOf(cluster.ports().subList(0, 3));
        assertThat(primaries.stream().flatMap(node -> node.slots().stream()).mapToInt(range -> range[1] - range[0] + 1).sum())
                .isEqualTo(16384);
        assertThat(replicas).extracting(ClusterNode::primaryId)
                .containsExactlyInAnyOrderElementsOf(primaries.stream().map(ClusterNode::id).toList());
        assertThat(cluster.nodes()).matches("127\\.0\\.0\\.1:\\d+(,127\\.0\\.0\\.1:\\d+){5}");
    }

    @Test
    @DisplayName("a cluster client on the host writes and reads keys in the slots of every primary")
    void keysOnEveryPrimary() {
        Cluster cluster = RedisClusterSupport.shared();
        List<ClusterNode> primaries = cluster.topology().stream().filter(ClusterNode::primary).toList();
        Map<Integer, String> keyByPrimary = new TreeMap<>();
        for (int i = 0; keyByPrimary.size() < primaries.size(); i++) {
            String key = "cluster-support-test:" + i;
            int slot = JedisClusterCRC16.getSlot(key);
            primaries.stream().filter(node -> node.owns(slot)).findFirst()
                    .ifPresent(owner -> keyByPrimary.putIfAbsent(owner.port(), key));
        }

        try (RedisClusterClient client = RedisClusterClient.builder().nodes(cluster.hostAndPorts()).build()) {
            keyByPrimary.forEach((port, key) -> {
                assertThat(client.set(key, "on " + port)).isEqualTo("OK");
                assertThat(client.get(key)).isEqualTo("on " + port);
                // and it is on that primary itself, no redirection involved
                try (Jedis primary = new Jedis(new HostAndPort("127.0.0.1", port))) {
                    assertThat(primary.get(key)).isEqualTo("on " + port);
                }
            });
        }
        assertThat(keyByPrimary).hasSize(3);
    }

    @Test
    @DisplayName("a killed primary: its replica takes over with the key, and the node, started again, rejoins as that replica's replica")
    void failover() {
        try (Cluster cluster = RedisClusterSupport.newContainer()) {
            cluster.start();
            String key = "cluster-support-test:failover";
            try (RedisClusterClient client = RedisClusterClient.builder().nodes(cluster.hostAndPorts()).build()) {
                int primary = cluster.primaryOf(key).orElseThrow();
                ClusterNode oldPrimary = node(cluster, primary);
                ClusterNode replica = cluster.topology().stream()
                        .filter(node -> !node.primary() && node.primaryId().equals(oldPrimary.id())).findFirst().orElseThrow();
                // Written on the primary itself, and WAIT on the same connection (it waits for that
                // connection's last write): replication is asynchronous, and only a write the
                // replica has can survive the primary.
                try (Jedis direct = new Jedis(new HostAndPort("127.0.0.1", primary))) {
                    direct.set(key, "kept");
                    assertThat(direct.waitReplicas(1, 5_000)).as("replicas that acknowledged the write").isEqualTo(1);
                }
                assertThat(client.get(key)).isEqualTo("kept");

                cluster.kill(primary);

                // cluster-node-timeout is 2 s; then the election and the promotion.
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> cluster.primaryOf(key), Optional.of(replica.port())::equals);
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> client.get(key), "kept"::equals);

                cluster.restart(primary);
                cluster.awaitHealthy();
                ClusterNode back = node(cluster, primary);
                assertThat(back.primary()).as("the old primary is a replica now").isFalse();
                assertThat(back.primaryId()).isEqualTo(replica.id());
                assertThat(client.get(key)).isEqualTo("kept");
            }
        }
    }

    private static ClusterNode node(Cluster cluster, int port) {
        return cluster.topology().stream().filter(node -> node.port() == port).findFirst().orElseThrow();
    }
}
