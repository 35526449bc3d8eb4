package lab.common.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lab.common.http.TrustedProxies;
import lab.common.login.LoginSettings;

/**
 * What every instance needs, whichever way it remembers users.
 *
 * @param port                the HTTP port ({@code PORT}, default 8080)
 * @param instanceId          shown in {@code X-Instance} ({@code INSTANCE_ID}, default the host name)
 * @param redisUrl            {@code REDIS_URL}, e.g. {@code redis://redis:6379} or {@code rediss://user:password@redis:6379};
 *                            empty means no Redis. Holds the password, which its {@code toString} hides
 * @param redisSentinels      {@code REDIS_SENTINELS} and friends: ask Redis Sentinel which server is the
 *                            primary (user and password still from {@code REDIS_URL}); empty: the server
 *                            of {@code REDIS_URL}
 * @param redisCluster        {@code REDIS_CLUSTER_NODES}: a Redis Cluster (user and password still from
 *                            {@code REDIS_URL}); empty: one server, or the Sentinels' primary
 * @param corsAllowedOrigins  {@code CORS_ALLOWED_ORIGINS}, comma-separated origins, or {@code *}
 * @param shutdownDrain       {@code SHUTDOWN_DRAIN_SECONDS}, default 2: how long a stopping instance keeps
 *                            answering on open connections before it stops
 * @param acceptFormPosts     {@code ACCEPT_FORM_POSTS}, default off: also accept an HTML form for
 *                            {@code POST /api/transfers}. A deliberate weakness for the CSRF lab: a form is
 *                            what a cross-site page can send without a preflight
 * @param trustedProxies      {@code TRUSTED_PROXIES}, default none: comma-separated addresses or CIDR ranges of
 *                            the proxies whose {@code X-Forwarded-For} names the client (nginx)
 * @param login               the {@code LOGIN_*} settings: admission control and failed-login limits
 * @param virtualThreads      {@code VIRTUAL_THREADS}, default off: Jetty handles each request on a virtual
 *                            thread instead of a pooled platform thread (Java 21 or newer)
 */
public record LabConfig(int port, String instanceId, Optional<RedisUrl> redisUrl, Optional<RedisSentinels> redisSentinels,
                        Optional<RedisCluster> redisCluster,
                        List<String> corsAllowedOrigins,
                        Duration shutdownDrain, boolean acceptFormPosts, TrustedProxies trustedProxies,
                        LoginSettings login, boolean virtualThreads) {

    public static LabConfig from(Env env, String defaultCorsOrigins) {
        int port = env.integer("PORT", 8080, 0, 65535); // 0: any free port (tests)
        String instanceId = env.string("INSTANCE_ID", hostName());
        if (!instanceId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ConfigException("INSTANCE_ID", "use 1 to 64 letters, digits, '-' or '_'");
        }
        Optional<RedisUrl> redis = env.optional("REDIS_URL").map(LabConfig::redisUrl);
        Optional<RedisSentinels> sentinels = RedisSentinels.from(env, redis.isPresent());
        Optional<RedisCluster> cluster = RedisCluster.from(env, redis.isPresent(), sentinels.isPresent());
        List<String> origins = env.list("CORS_ALLOWED_ORIGINS", defaultCorsOrigins);
        origins.forEach(LabConfig::checkOrigin);
        int drain = env.integer("SHUTDOWN_DRAIN_SECONDS", 2, 0, 30);
        boolean virtualThreads = env.flag("VIRTUAL_THREADS", false);
        if (virtualThreads && Runtime.version().feature() < 21) {
            throw new ConfigException("VIRTUAL_THREADS", "needs Java 21 or newer, this is Java " + Runtime.version().feature());
        }
        return new LabConfig(port, instanceId, redis, sentinels, cluster, origins, Duration.ofSeconds(drain),
                env.flag("ACCEPT_FORM_POSTS", false), TrustedProxies.parse(env.list("TRUSTED_PROXIES", "")),
                LoginSettings.from(env), virtualThreads);
    }

    /**
     * {@code redis://host:6379}, with optional credentials ({@code redis://user:password@host},
     * {@code redis://:password@host}, URL-encoded) and {@code rediss://} for TLS. No message here
     * repeats the value: it may hold a password.
     */
    private static RedisUrl redisUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException("REDIS_URL", "is not a URI (URL-encode special characters in the password)");
        }
        if (!("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new ConfigException("REDIS_URL", "must look like redis://host:6379, redis://user:password@host:6379 or rediss://...");
        }
        if (uri.getUserInfo() != null && !uri.getUserInfo().contains(":")) {
            throw new ConfigException("REDIS_URL", "put the password after a ':', as in redis://user:password@host or redis://:password@host");
        }
        return new RedisUrl(uri);
    }

    private static void checkOrigin(String origin) {
        if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")) {
            throw new ConfigException("CORS_ALLOWED_ORIGINS", "'" + origin + "' is not an origin like http://localhost:8080");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_-]", "-");
        } catch (UnknownHostException e) {
            return "instance";
        }
    }
}
