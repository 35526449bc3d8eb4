package lab.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("configuration from the environment")
class EnvTest {

    @Test
    @DisplayName("defaults apply to unset and blank variables")
    void defaults() {
        Env env = new Env(Map.of("BLANK", "  "));
        assertThat(env.integer("PORT", 8080, 0, 65535)).isEqualTo(8080);
        assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.list("ORIGINS", "a, b,,c")).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("a bad value names its variable in one line")
    void badValuesNameTheVariable() {
        Env env = new Env(Map.of("PORT", "eighty", "MODE", "maybe", "SIZE", "0"));
        assertThatThrownBy(() -> env.integer("PORT", 8080, 0, 65535)).isInstanceOf(ConfigException.class)
                .hasMessage("PORT: must be a whole number, was 'eighty'");
        assertThatThrownBy(() -> env.flag("MODE", true)).hasMessageStartingWith("MODE: must be one of");
        assertThatThrownBy(() -> env.integer("SIZE", 5, 1, 10)).hasMessage("SIZE: must be between 1 and 10, was 0");
    }

    @Test
    @DisplayName("LabConfig checks INSTANCE_ID, REDIS_URL and the CORS origins")
    void labConfig() {
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("INSTANCE_ID", "a.b")), "*"))
                .hasMessageStartingWith("INSTANCE_ID:");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", "redis:/nohost")), "*"))
                .hasMessageStartingWith("REDIS_URL:");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("CORS_ALLOWED_ORIGINS", "http://ok.example, evil")), "*"))
                .hasMessageStartingWith("CORS_ALLOWED_ORIGINS:");
        LabConfig config = LabConfig.from(new Env(Map.of("INSTANCE_ID", "app-1", "REDIS_URL", "redis://redis:6379")), "*");
        assertThat(config.redisUrl()).hasValueSatisfying(url -> assertThat(url.uri().getHost()).isEqualTo("redis"));
        assertThat(config.acceptFormPosts()).isFalse();
    }

    @Test
    @DisplayName("REDIS_URL takes credentials and rediss://, and no message repeats the password")
    void redisUrlCredentials() {
        LabConfig acl = LabConfig.from(new Env(Map.of("REDIS_URL", "rediss://lab:p%40ss%3Aword@redis:6380")), "*");
        assertThat(acl.redisUrl()).hasValueSatisfying(url -> {
            URI uri = url.uri();
            assertThat(uri.getScheme()).isEqualTo("rediss");
            assertThat(redis.clients.jedis.util.JedisURIHelper.getUser(uri)).isEqualTo("lab");
            assertThat(redis.clients.jedis.util.JedisURIHelper.getPassword(uri)).isEqualTo("p@ss:word");
        });
        LabConfig passwordOnly = LabConfig.from(new Env(Map.of("REDIS_URL", "redis://:s3cret@redis")), "*");
        assertThat(passwordOnly.redisUrl()).hasValueSatisfying(url -> {
            assertThat(redis.clients.jedis.util.JedisURIHelper.getUser(url.uri())).isNull();
            assertThat(redis.clients.jedis.util.JedisURIHelper.getPassword(url.uri())).isEqualTo("s3cret");
        });
        // A configuration in a log line shows where Redis is, never its password.
        assertThat(acl.toString()).contains("rediss://lab:***@redis:6380").doesNotContain("p%40ss").doesNotContain("p@ss");
        assertThat(passwordOnly.toString()).contains("redis://:***@redis").doesNotContain("s3cret");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", "redis://s3cret@redis")), "*"))
                .hasMessageStartingWith("REDIS_URL:").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", "redis://:s3cret%zz@redis")), "*"))
                .hasMessageStartingWith("REDIS_URL:").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", "http://:s3cret@redis")), "*"))
                .hasMessageStartingWith("REDIS_URL:").hasMessageNotContaining("s3cret");
    }

    @Test
    @DisplayName("REDIS_SENTINELS takes host:port addresses, needs REDIS_URL, and hides the Sentinels' password")
    void redisSentinels() {
        String url = "redis://app:pw@redis:6379";
        assertThat(LabConfig.from(new Env(Map.of("REDIS_URL", url)), "*").redisSentinels()).isEmpty();
        LabConfig sentinels = LabConfig.from(new Env(Map.of("REDIS_URL", url,
                "REDIS_SENTINELS", "sentinel-1:26379, 10.0.0.3:26380", "REDIS_SENTINEL_PASSWORD", "s3cret")), "*");
        assertThat(sentinels.redisSentinels()).hasValueSatisfying(s -> {
            assertThat(s.addresses()).containsExactly("sentinel-1:26379", "10.0.0.3:26380");
            assertThat(s.master()).isEqualTo("lab");
            assertThat(s.password()).contains("s3cret");
        });
        assertThat(sentinels.toString()).contains("password=***").doesNotContain("s3cret");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", url, "REDIS_SENTINELS", "sentinel-1")), "*"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("REDIS_SENTINELS: 'sentinel-1' is not host:port");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_SENTINELS", "sentinel-1:26379")), "*"))
                .hasMessageStartingWith("REDIS_SENTINELS: needs REDIS_URL");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", url, "REDIS_SENTINELS", "s:1",
                "REDIS_SENTINEL_MASTER", "no spaces")), "*")).hasMessageStartingWith("REDIS_SENTINEL_MASTER:");
    }

    @Test
    @DisplayName("REDIS_CLUSTER_NODES takes host:port addresses, needs REDIS_URL, excludes Sentinels, and turns the near caches off")
    void redisCluster() {
        String url = "redis://app:pw@redis:6379";
        assertThat(LabConfig.from(new Env(Map.of("REDIS_URL", url)), "*").redisCluster()).isEmpty();
        var cluster = Map.of("REDIS_URL", url, "REDIS_CLUSTER_NODES", "redis-cluster:7001, 10.0.0.3:7002");
        assertThat(LabConfig.from(new Env(cluster), "*").redisCluster())
                .hasValueSatisfying(c -> assertThat(c.nodes()).containsExactly("redis-cluster:7001", "10.0.0.3:7002"));
        assertThat(RedisCluster.nearCache(new Env(cluster))).isFalse();
        assertThat(RedisCluster.nearCache(new Env(Map.of("REDIS_URL", url)))).isTrue();
        assertThatThrownBy(() -> RedisCluster.nearCache(new Env(Map.of("REDIS_CLUSTER_NODES", "c:7001", "REDIS_NEAR_CACHE", "on"))))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("REDIS_NEAR_CACHE: must be off with REDIS_CLUSTER_NODES");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", url, "REDIS_CLUSTER_NODES", "redis-cluster")), "*"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("REDIS_CLUSTER_NODES: 'redis-cluster' is not host:port");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_CLUSTER_NODES", "c:7001")), "*"))
                .hasMessageStartingWith("REDIS_CLUSTER_NODES: needs REDIS_URL");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", url, "REDIS_CLUSTER_NODES", "c:7001",
                "REDIS_SENTINELS", "s:26379")), "*")).hasMessageStartingWith("REDIS_CLUSTER_NODES: set either");
    }

    @Test
    @DisplayName("TRUSTED_PROXIES takes addresses and CIDR ranges; LOGIN_* settings are checked")
    void loginSettings() {
        LabConfig defaults = LabConfig.from(new Env(Map.of()), "*");
        assertThat(defaults.trustedProxies().isEmpty()).isTrue();
        int processors = Runtime.getRuntime().availableProcessors();
        assertThat(defaults.login().concurrency()).isEqualTo(processors);
        assertThat(defaults.login().queue()).isEqualTo(2 * processors);
        assertThat(defaults.login().queueTimeout()).isEqualTo(Duration.ofMillis(1000));
        assertThat(defaults.login().perAccount().failures()).isEqualTo(5);
        assertThat(defaults.login().perAddress().failures()).isEqualTo(20);
        assertThat(LabConfig.from(new Env(Map.of("TRUSTED_PROXIES", "172.16.0.0/12, 10.0.0.5,::1")), "*")
                .trustedProxies().isEmpty()).isFalse();
        for (String bad : List.of("nginx", "10.0.0.0/33", "10.0.0.0/x", "10.0.0.256")) {
            assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("TRUSTED_PROXIES", bad)), "*"))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("TRUSTED_PROXIES:");
        }
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("LOGIN_CONCURRENCY", "0")), "*"))
                .hasMessageStartingWith("LOGIN_CONCURRENCY:");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("LOGIN_ACCOUNT_REFILL_SECONDS", "soon")), "*"))
                .hasMessageStartingWith("LOGIN_ACCOUNT_REFILL_SECONDS:");
    }

    @Test
    @DisplayName("VIRTUAL_THREADS is off by default; on needs Java 21 or newer and says so")
    void virtualThreads() {
        assertThat(LabConfig.from(new Env(Map.of()), "*").virtualThreads()).isFalse();
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("VIRTUAL_THREADS", "maybe")), "*"))
                .hasMessageStartingWith("VIRTUAL_THREADS:");
        if (Runtime.version().feature() >= 21) {
            assertThat(LabConfig.from(new Env(Map.of("VIRTUAL_THREADS", "on")), "*").virtualThreads()).isTrue();
        } else {
            assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("VIRTUAL_THREADS", "on")), "*"))
                    .isInstanceOf(ConfigException.class).hasMessageStartingWith("VIRTUAL_THREADS: needs Java 21");
        }
    }
}
