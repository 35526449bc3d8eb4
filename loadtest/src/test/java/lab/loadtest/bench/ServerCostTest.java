package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Server cost and the capacity model")
class ServerCostTest {

    static final String INFO_BEFORE = """
            # CPU\r
            used_cpu_sys:10.000000\r
            used_cpu_user:20.000000\r
            used_cpu_sys_main_thread:1.000000\r
            used_cpu_user_main_thread:2.000000\r
            \r
            # Commandstats\r
            cmdstat_hgetall:calls=1000,usec=2000,usec_per_call=2.00,rejected_calls=0,failed_calls=0\r
            cmdstat_expire:calls=1000,usec=1000,usec_per_call=1.00,rejected_calls=0,failed_calls=0\r
            cmdstat_ping:calls=10,usec=5,usec_per_call=0.50,rejected_calls=0,failed_calls=0\r
            cmdstat_info:calls=3,usec=300,usec_per_call=100.00,rejected_calls=0,failed_calls=0\r
            """;

    static final String INFO_AFTER = """
            # CPU
            used_cpu_sys:11.000000
            used_cpu_user:21.000000
            used_cpu_sys_main_thread:1.400000
            used_cpu_user_main_thread:2.600000
            # Commandstats
            cmdstat_hgetall:calls=101000,usec=202000,usec_per_call=2.00,rejected_calls=0,failed_calls=0
            cmdstat_expire:calls=101000,usec=101000,usec_per_call=1.00,rejected_calls=0,failed_calls=0
            cmdstat_ping:calls=40,usec=20,usec_per_call=0.50,rejected_calls=0,failed_calls=0
            cmdstat_info:calls=4,usec=400,usec_per_call=100.00,rejected_calls=0,failed_calls=0
            """;

    @Test
    @DisplayName("reads calls per command and the main thread's CPU from Redis INFO")
    void parsesInfo() {
        RedisInfo info = RedisInfo.parse(INFO_BEFORE);
        assertThat(info.calls()).containsEntry("hgetall", 1000L).containsEntry("ping", 10L);
        assertThat(info.mainThreadCpuSeconds()).isEqualTo(3.0);
        assertThat(RedisInfo.parse("used_cpu_sys:1.5\nused_cpu_user:1.0\n").mainThreadCpuSeconds()).isEqualTo(2.5);
    }

    @Test
    @DisplayName("divides counter deltas by requests, leaving out health-check PINGs, INFO and Redis's own CPU")
    void perRequest() {
        var before = new ServerCost.Snapshot(Map.of("nginx", 1_000_000L, "session-app-1", 5_000_000L, "redis", 0L),
                Optional.of(RedisInfo.parse(INFO_BEFORE)), 0);
        var after = new ServerCost.Snapshot(Map.of("nginx", 3_001_000_000L, "session-app-1", 5_005_000_000L,
                "redis", 1_000_000_000L, "new-one", 5L), Optional.of(RedisInfo.parse(INFO_AFTER)), 1_000_000_000L);

        ServerCost.Cost cost = ServerCost.between(before, after, 100_000, "redis", Set.of("nginx", "session-app-1", "redis"));

        assertThat(cost.cpuMicros()).containsEntry("nginx", 30.0).containsEntry("session-app-1", 50.0)
                .containsEntry("redis", 10.0).doesNotContainKey("new-one");
        assertThat(cost.serverCpuMicros()).isEqualTo(80.0); // nginx + session-app-1; never Redis

        ServerCost.Cost direct = ServerCost.between(before, after, 100_000, "redis", Set.of("session-app-1"));
        assertThat(direct.serverCpuMicros()).isEqualTo(50.0); // not through nginx: its CPU is not this request's
        assertThat(cost.redisCommands()).containsOnlyKeys("expire", "hgetall");
        assertThat(cost.redisCommandsTotal()).isEqualTo(2.0);
        assertThat(cost.redisCpuMicros()).isEqualTo(10.0); // 1.0 s of main thread / 100,000 requests
        assertThat(cost.generatorCpuMicros()).isEqualTo(10.0);
    }

    @Test
    @DisplayName("counts as the request path nginx (when the answers came through it) and the instances that answered")
    void path() {
        var viaNginx = new ClosedModel.Result(1, 1, 1, 0, 1, null, 1, Map.of("session-app-1", 5L, "session-app-2", 5L), true, null);
        assertThat(ServerCost.path(viaNginx)).containsExactlyInAnyOrder("nginx", "session-app-1", "session-app-2");
        var nginxItself = new ClosedModel.Result(1, 1, 1, 0, 1, null, 1, Map.of("(nginx)", 5L), false, null);
        assertThat(ServerCost.path(nginxItself)).containsExactly("nginx");
        var direct = new ClosedModel.Result(1, 1, 1, 0, 1, null, 1, Map.of("jwt-eddsa", 5L), false, null);
        assertThat(ServerCost.path(direct)).containsExactly("jwt-eddsa");
    }

    @Test
    @DisplayName("of several rounds weighs each round by its requests")
    void combinesRounds() {
        var a = new ServerCost.Cost(1000, Map.of("nginx", 10.0), 100.0, 10.0, Map.of("hgetall", 1.0), 2.0, 40.0);
        var b = new ServerCost.Cost(3000, Map.of("nginx", 30.0), 60.0, 6.0, Map.of("hgetall", 1.0), 2.0, 20.0);
        ServerCost.Cost both = ServerCost.Cost.combine(List.of(a, b));
        assertThat(both.requests()).isEqualTo(4000);
        assertThat(both.cpuMicros()).containsEntry("nginx", 25.0);
        assertThat(both.serverCpuMicros()).isEqualTo(70.0);
        assertThat(both.redisCpuMicros()).isEqualTo(7.0);
        assertThat(both.redisCommandsTotal()).isEqualTo(2.0);
        assertThat(both.generatorCpuMicros()).isEqualTo(25.0);
    }

    @Test
    @DisplayName("puts a Redis ceiling only on targets that use Redis on the request path")
    void capacity() {
        var redisPath = new ServerCost.Cost(1000, Map.of("x", 1.0), 100.0, 10.0, Map.of("hgetall", 1.0, "expire", 1.0), 2.0, 5.0);
        Capacity session = Capacity.of("redis-session", "session", redisPath);
        assertThat(session.redisCeiling()).isEqualTo(100_000);   // 1 s / 10 µs
        assertThat(session.perAppCore()).isEqualTo(10_000);      // 1 s / 100 µs
        assertThat(session.appCoresAtCeiling()).isEqualTo(10.0);

        var noRedis = new ServerCost.Cost(1000, Map.of("x", 1.0), 50.0, 0.01, Map.of("ping", 0.001), 0.001, 5.0);
        Capacity token = Capacity.of("jwt-hs256-norev", "token", noRedis);
        assertThat(token.redisCeiling()).isZero();
        assertThat(token.appCoresAtCeiling()).isZero();
        assertThat(token.perAppCore()).isEqualTo(20_000);
    }
}
