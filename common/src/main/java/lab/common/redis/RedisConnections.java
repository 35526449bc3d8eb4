package lab.common.redis;

import java.util.function.Supplier;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;

/**
 * An instance's ways into Redis: a pool for its commands, and on demand a connection of its own for a
 * subscriber (a near cache's channel, held for as long as it lives). Both go to the primary: the one
 * server of {@code REDIS_URL}, or whichever server the Sentinels name now. With Sentinels, Jedis moves
 * the pool when they announce a new primary ({@code +switch-master}); a subscriber that loses its
 * connection asks again when it reconnects.
 *
 * @param commands the pooled client every store uses
 * @param primary  where the primary is now
 */
public record RedisConnections(UnifiedJedis commands, Supplier<HostAndPort> primary, JedisClientConfig subscriberConfig) {

    /** A new connection to the primary, outside the pool. Connects on first use. */
    public Jedis newSubscriberConnection() {
        return new Jedis(primary.get(), subscriberConfig);
    }
}
