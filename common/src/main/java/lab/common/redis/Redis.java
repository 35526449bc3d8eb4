package lab.common.redis;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import lab.common.config.ConfigException;
import lab.common.config.LabConfig;
import lab.common.config.RedisCluster;
import lab.common.config.RedisSentinels;
import lab.common.config.RedisUrl;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * One pooled Redis client per instance, tuned to fail fast: when Redis is gone a request should get
 * a 503 within about a second, not hang, and the pool should heal by itself when Redis returns (or,
 * behind Sentinels, when they have promoted another primary).
 */
public final class Redis {
    private Redis() {
    }

    /** The instance's connections, as {@code config} says ({@code REDIS_URL} and friends); empty without Redis. */
    public static Optional<RedisConnections> connect(LabConfig config) {
        return config.redisUrl().map(url -> connect(url, config.redisSentinels(), config.redisCluster()));
    }

    /**
     * To the server of {@code url}; or, with Sentinels, to whichever server they name primary; or to
     * a Redis Cluster, each command to the primary of its key's slot (user and password from
     * {@code url} in every case). Stops the start with one line when no Sentinel or node answers.
     */
    private static RedisConnections connect(RedisUrl url, Optional<RedisSentinels> sentinels, Optional<RedisCluster> cluster) {
        if (cluster.isPresent()) {
            return RedisConnections.ofCluster(clusterClient(url.uri(), cluster.get()));
        }
        // A subscriber speaks RESP2, in which Redis delivers key-tracking reports as ordinary pub/sub
        // messages (in RESP3 they are push messages that Jedis's subscriber does not read).
        JedisClientConfig subscriber = clientConfigBuilder(url.uri()).protocol(RedisProtocol.RESP2).build();
        if (sentinels.isEmpty()) {
            HostAndPort server = hostAndPort(url.uri());
            return new RedisConnections(connect(url.uri()), () -> server, subscriber);
        }
        RedisSentinelClient client = sentinelClient(url.uri(), sentinels.get());
        return new RedisConnections(client, client::getCurrentMaster, subscriber);
    }

    /**
     * Learns the slots' owners from the first node that answers, and again whenever a node answers
     * MOVED (a failover or a migration) or cannot be reached. A command is tried at most 3 times
     * within 1.5 s, then fails (a 503): while a primary is down and not yet replaced (the cluster's
     * node timeout plus an election, seconds), its slots' users wait that long for their 503, and
     * everybody else is served as usual.
     */
    private static RedisClusterClient clusterClient(URI url, RedisCluster cluster) {
        try {
            return RedisClusterClient.builder()
                    .nodes(cluster.nodes().stream().map(HostAndPort::from).collect(Collectors.toSet()))
                    .clientConfig(clientConfig(url))
                    .poolConfig(pool())
                    .maxAttempts(3)
                    .maxTotalRetriesDuration(Duration.ofMillis(1500))
                    .build();
        } catch (JedisException e) {
            throw new ConfigException("REDIS_CLUSTER_NODES", "no node there answered with the cluster's slots ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** Asks the Sentinels for the primary now, and listens for their {@code +switch-master} from then on. */
    private static RedisSentinelClient sentinelClient(URI url, RedisSentinels sentinels) {
        try {
            return RedisSentinelClient.builder()
                    .masterName(sentinels.master())
                    .sentinels(sentinels.addresses().stream().map(HostAndPort::from).collect(Collectors.toSet()))
                    .sentinelClientConfig(DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(500)
                            .socketTimeoutMillis(1000)
                            .password(sentinels.password().orElse(null))
                            .build())
                    .clientConfig(clientConfig(url))
                    .poolConfig(pool())
                    .build();
        } catch (JedisException e) {
            throw new ConfigException("REDIS_SENTINELS", "no Sentinel there named a primary for '" + sentinels.master()
                    + "' (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code url}: {@code redis://[[user]:password@]host[:port]} or {@code rediss://...} (TLS, the JVM's trust store). */
    public static RedisClient connect(URI url) {
        return RedisClient.builder()
                .hostAndPort(hostAndPort(url))
                .clientConfig(clientConfig(url))
                .poolConfig(pool())
                .build();
    }

    private static ConnectionPoolConfig pool() {
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32);
        pool.setMaxIdle(32);
        pool.setMaxWait(Duration.ofMillis(500));
        // Test idle connections every second, so that connections broken by a Redis restart are
        // dropped before a request borrows them.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        pool.setNumTestsPerEvictionRun(-1);
        return pool;
    }

    /** Credentials (Redis 6 ACL user, or only the default user's password) and TLS come from the URL. */
    private static JedisClientConfig clientConfig(URI url) {
        return clientConfigBuilder(url).build();
    }

    private static DefaultJedisClientConfig.Builder clientConfigBuilder(URI url) {
        return DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(500)
                .socketTimeoutMillis(1000)
                .user(JedisURIHelper.getUser(url))
                .password(JedisURIHelper.getPassword(url))
                .ssl(JedisURIHelper.isRedisSSLScheme(url));
    }

    private static HostAndPort hostAndPort(URI url) {
        return new HostAndPort(url.getHost(), url.getPort() == -1 ? 6379 : url.getPort());
    }

    /** True when Redis answers a PING now. */
    public static boolean isUp(UnifiedJedis redis) {
        try {
            return "PONG".equalsIgnoreCase(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }
}
