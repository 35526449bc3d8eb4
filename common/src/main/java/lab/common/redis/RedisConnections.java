package lab.common.redis;

import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * An instance's ways into Redis: a pool for its commands, and on demand a connection of its own for a
 * subscriber (a near cache's channel, held for as long as it lives). Both go to the primary: the one
 * server of {@code REDIS_URL}, or whichever server the Sentinels name now. With Sentinels, Jedis moves
 * the pool when they announce a new primary ({@code +switch-master}); a subscriber that loses its
 * connection asks again when it reconnects. A Redis Cluster's client sends each command to the primary
 * of its key's slot and has no subscriber ({@link #ofCluster}).
 *
 * @param commands the pooled client every store uses
 * @param primary  where the primary is now
 */
public record RedisConnections(UnifiedJedis commands, Supplier<HostAndPort> primary, JedisClientConfig subscriberConfig) {

    /**
     * A Redis Cluster's: commands go to the primary of their key's slot. There is no one primary to
     * subscribe to, so no near cache (REDIS_NEAR_CACHE is off with a cluster, see RedisCluster).
     */
    static RedisConnections ofCluster(RedisClusterClient cluster) {
        return new RedisConnections(cluster, () -> {
            throw new IllegalStateException("a Redis Cluster has no single primary");
        }, null);
    }

    /** A new connection to the primary, outside the pool. Connects on first use. */
    public Jedis newSubscriberConnection() {
        return new Jedis(primary.get(), subscriberConfig);
    }
}
