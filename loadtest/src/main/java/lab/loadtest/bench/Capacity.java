package lab.loadtest.bench;

/**
 * The lab's small capacity model, for one authenticated target: how many of its requests per second
 * one Redis could carry before Redis, not the application tier, is the limit.
 *
 * <p>Redis executes commands on one thread, so one Redis is at most one core busy: its ceiling is
 * {@code 1 s / (Redis main-thread CPU per request)}. The application tier (nginx and the instances)
 * scales by adding instances; {@code appCoresAtCeiling} is how many cores of it the ceiling would keep
 * busy. A target with no Redis command on its request path (in-memory sessions, tokens without
 * revocation) has no such shared ceiling: its capacity grows with instances, {@code perAppCore} requests
 * per second for each core. All of it is measured on one shared 2-core machine: an estimate of the
 * order of magnitude, not a capacity plan.
 *
 * @param redisCommands     Redis commands per request (measured, health checks left out)
 * @param redisCpuMicros    Redis main-thread CPU per request, µs
 * @param redisCeiling      requests/s at which one Redis's thread is saturated; 0 when Redis is not on the path
 * @param appCpuMicros      nginx + application CPU per request, µs
 * @param perAppCore        requests/s one core of the application tier serves
 * @param appCoresAtCeiling application-tier cores needed to reach the Redis ceiling; 0 when there is none
 */
public record Capacity(String target, String mechanism, double redisCommands, double redisCpuMicros, double redisCeiling,
                       double appCpuMicros, double perAppCore, double appCoresAtCeiling) {

    /** Below this many commands per request, Redis is taken as not on the request path (health checks, noise). */
    static final double ON_PATH = 0.5;

    public static Capacity of(String target, String mechanism, ServerCost.Cost cost) {
        boolean onPath = cost.redisCommandsTotal() >= ON_PATH && cost.redisCpuMicros() > 0;
        double ceiling = onPath ? Math.round(1e6 / cost.redisCpuMicros()) : 0;
        double perCore = cost.serverCpuMicros() > 0 ? Math.round(1e6 / cost.serverCpuMicros()) : 0;
        double cores = onPath && perCore > 0 ? Math.round(ceiling / perCore * 10) / 10.0 : 0;
        return new Capacity(target, mechanism, cost.redisCommandsTotal(), Math.max(0, cost.redisCpuMicros()), ceiling,
                cost.serverCpuMicros(), perCore, cores);
    }
}
