package lab.loadtest.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * The parts of Redis's {@code INFO} answer the capacity model uses: calls per command
 * ({@code cmdstat_hgetall:calls=12,usec=...}) and the CPU time of the main thread, the one that
 * executes every command (Redis 6+: {@code used_cpu_sys_main_thread}, {@code used_cpu_user_main_thread};
 * older versions only report the whole process).
 */
public record RedisInfo(Map<String, Long> calls, double mainThreadCpuSeconds) {

    public static RedisInfo parse(String info) {
        Map<String, Long> calls = new TreeMap<>();
        double sys = 0, user = 0, sysMain = -1, userMain = -1;
        for (String raw : info.split("\n")) {
            String line = raw.trim();
            int colon = line.indexOf(':');
            if (line.startsWith("#") || colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1);
            if (key.startsWith("cmdstat_")) {
                calls.put(key.substring("cmdstat_".length()), field(value, "calls"));
            } else {
                switch (key) {
                    case "used_cpu_sys" -> sys = Double.parseDouble(value);
                    case "used_cpu_user" -> user = Double.parseDouble(value);
                    case "used_cpu_sys_main_thread" -> sysMain = Double.parseDouble(value);
                    case "used_cpu_user_main_thread" -> userMain = Double.parseDouble(value);
                    default -> { }
                }
            }
        }
        double cpu = sysMain >= 0 && userMain >= 0 ? sysMain + userMain : sys + user;
        return new RedisInfo(calls, cpu);
    }

    /** {@code calls=12,usec=30,usec_per_call=2.50,...} -> the value of {@code name}. */
    private static long field(String value, String name) {
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Long.parseLong(pair.substring(eq + 1));
            }
        }
        return 0;
    }
}
