package lab.common.config;

import java.util.List;
import java.util.Optional;

/**
 * A Redis Cluster instead of one server: {@code REDIS_CLUSTER_NODES}, the {@code host:port} of some
 * of its nodes, comma-separated (the client learns the rest, and which node owns which slots, from
 * them). {@code REDIS_URL} still gives the user and password; its host and port are not used.
 *
 * <p>The near caches are not available on a cluster: Redis reports changes to tracked keys from each
 * primary separately, for its own slots, and a cache kept exact that way would have to follow every
 * primary, failover and slot migration. So {@code REDIS_NEAR_CACHE} defaults to off with a cluster,
 * and {@code on} stops the start.
 */
public record RedisCluster(List<String> nodes) {

    /** Empty when {@code REDIS_CLUSTER_NODES} is not set. */
    static Optional<RedisCluster> from(Env env, boolean hasRedisUrl, boolean hasSentinels) {
        List<String> nodes = env.list("REDIS_CLUSTER_NODES", "");
        if (nodes.isEmpty()) {
            return Optional.empty();
        }
        for (String node : nodes) {
            if (!node.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")) {
                throw new ConfigException("REDIS_CLUSTER_NODES", "'" + node + "' is not host:port (e.g. redis-cluster:7001)");
            }
        }
        if (!hasRedisUrl) {
            throw new ConfigException("REDIS_CLUSTER_NODES", "needs REDIS_URL too (its user and password log in to the nodes)");
        }
        if (hasSentinels) {
            throw new ConfigException("REDIS_CLUSTER_NODES", "set either REDIS_CLUSTER_NODES or REDIS_SENTINELS, not both "
                    + "(a cluster fails over by itself)");
        }
        return Optional.of(new RedisCluster(List.copyOf(nodes)));
    }

    /** {@code REDIS_NEAR_CACHE}: default on, but off with a cluster, where {@code on} is refused. */
    public static boolean nearCache(Env env) {
        boolean cluster = !env.list("REDIS_CLUSTER_NODES", "").isEmpty();
        boolean on = env.flag("REDIS_NEAR_CACHE", !cluster);
        if (on && cluster) {
            throw new ConfigException("REDIS_NEAR_CACHE", "must be off with REDIS_CLUSTER_NODES "
                    + "(a near cache is not available on a Redis Cluster)");
        }
        return on;
    }
}
