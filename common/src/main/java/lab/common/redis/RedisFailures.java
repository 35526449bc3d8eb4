package lab.common.redis;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.function.Supplier;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * What a Jedis failure says about Redis: down (no connection could be opened), or maybe up (a read
 * timeout, an exhausted pool, a pooled connection that Redis closed when it was killed or restarted).
 */
public final class RedisFailures {
    private RedisFailures() {
    }

    /**
     * Runs {@code read}, and once more if the pooled connection it got had been closed by Redis: such a
     * connection says nothing about Redis now. Jedis discards it and the pool opens a replacement, which
     * the second try gets first (the pool hands out its newest idle connection), so the second answer is
     * Redis's own: a reply, a refused connection, or a timeout. Without it, the first requests after
     * Redis restarts get a 503 for a connection nobody needed any more. Only for commands that may run
     * twice: the first may have reached Redis before the connection ended.
     */
    public static <T> T retriedIfClosedByRedis(Supplier<T> read) {
        try {
            return read.get();
        } catch (JedisConnectionException e) {
            if (!isClosedByRedis(e)) {
                throw e;
            }
            return read.get();
        }
    }

    /** An established connection that ended (end of stream, reset, broken pipe): neither a refusal nor a timeout. */
    private static boolean isClosedByRedis(JedisConnectionException e) {
        return !isConnectionFailure(e) && !(e.getCause() instanceof SocketTimeoutException);
    }

    /**
     * Whether Jedis could not open a connection at all. Jedis 8 throws "Failed to connect to ..." with each
     * address's socket error attached as a suppressed exception (refused, no route, connect timeout), and
     * "Failed to create socket." caused by an unknown host. A read timeout is a JedisConnectionException
     * caused by a SocketTimeoutException, a broken connection one caused by an end of stream or a reset,
     * and an exhausted pool a plain JedisException: Redis may well be up in each of them.
     */
    public static boolean isConnectionFailure(Throwable e) {
        if (!(e instanceof JedisConnectionException)) {
            return false;
        }
        if (e.getCause() instanceof UnknownHostException) {
            return true;
        }
        for (Throwable attempt : e.getSuppressed()) {
            if (attempt instanceof ConnectException || attempt instanceof NoRouteToHostException
                    || attempt instanceof SocketTimeoutException || attempt instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
