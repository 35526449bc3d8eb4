package lab.common.redis;

import java.net.URI;
import java.time.Duration;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * One pooled Redis client per instance, tuned to fail fast: when Redis is gone a request should get
 * a 503 within about a second, not hang, and the pool should heal by itself when Redis returns.
 */
public final class Redis {
    private Redis() {
    }

    /** {@code url}: {@code redis://[[user]:password@]host[:port]} or {@code rediss://...} (TLS, the JVM's trust store). */
    public static RedisClient connect(URI url) {
        var client = clientConfig(url);
        var pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32);
        pool.setMaxIdle(32);
        pool.setMaxWait(Duration.ofMillis(500));
        // Test idle connections every second, so that connections broken by a Redis restart are
        // dropped before a request borrows them.
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(1));
        pool.setNumTestsPerEvictionRun(-1);
        return RedisClient.builder()
                .hostAndPort(hostAndPort(url))
                .clientConfig(client)
                .poolConfig(pool)
                .build();
    }

    /**
     * One connection of its own, outside the pool, with the same credentials: for a subscriber, which
     * holds its connection for as long as it lives. Connects on first use. It speaks RESP2, in which
     * Redis delivers key-tracking reports to a subscriber as ordinary pub/sub messages (in RESP3 they
     * are push messages that Jedis's subscriber does not read).
     */
    public static Jedis connection(URI url) {
        return new Jedis(hostAndPort(url), clientConfigBuilder(url).protocol(RedisProtocol.RESP2).build());
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
    public static boolean isUp(RedisClient redis) {
        try {
            return "PONG".equalsIgnoreCase(redis.ping());
        } catch (JedisException e) {
            return false;
        }
    }
}
