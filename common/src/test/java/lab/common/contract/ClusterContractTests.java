package lab.common.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lab.harness.ClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The same contract, with the instances on a real Redis Cluster (three primaries, three replicas,
 * {@link RedisClusterSupport}) instead of one Redis: every scenario of {@link ContractTests} must
 * hold there too, which is what proves the keys and scripts cluster-safe (a command or script whose
 * keys span two slots fails with CROSSSLOT, a 500 the scenarios would see).
 */
public abstract class ClusterContractTests extends ContractTests {
    private final RedisClusterClient cluster = RedisClusterClient.builder()
            .nodes(RedisClusterSupport.shared().hostAndPorts())
            .clientConfig(DefaultJedisClientConfig.builder().build())
            .build();

    @Override
    protected Map<String, String> redisEnv() {
        // REDIS_URL gives only the credentials with a cluster (none here); the nodes are the point.
        return Map.of("REDIS_URL", "redis://127.0.0.1:" + RedisClusterSupport.shared().ports().get(0),
                "REDIS_CLUSTER_NODES", RedisClusterSupport.shared().nodes());
    }

    @Override
    protected UnifiedJedis store() {
        return cluster;
    }

    @Test
    @DisplayName("on the cluster, the logins' keys are spread over all three primaries")
    void keysSpreadOverThePrimaries() {
        // 30 logins, 30 random keys: the chance that a primary gets none is 3 * (2/3)^30, about 1e-5.
        for (int i = 0; i < 30; i++) {
            login(i % 2 == 0 ? instanceA : instanceB, "alice");
        }
        List<ClusterNode> primaries = RedisClusterSupport.shared().topology().stream()
                .filter(ClusterNode::primary).toList();
        assertThat(primaries).hasSize(3);
        for (var primary : primaries) {
            try (Jedis node = new Jedis(new HostAndPort("127.0.0.1", primary.port()))) {
                assertThat(node.dbSize()).as("keys on the primary at port " + primary.port()).isPositive();
            }
        }
    }

    @AfterAll
    void closeClusterClient() {
        cluster.close();
    }
}
