package lab.common.config;

import java.util.List;
import java.util.Optional;

/**
 * Where to ask which Redis is the primary, instead of naming one: {@code REDIS_SENTINELS}, the Redis
 * Sentinels' {@code host:port} addresses, comma-separated; {@code REDIS_SENTINEL_MASTER} (default
 * {@code lab}), the name they monitor the primary under; {@code REDIS_SENTINEL_PASSWORD}, their
 * {@code requirepass}, if any. With Sentinels, {@code REDIS_URL} still gives the user and password for
 * the data nodes; its host and port are not used. {@link #toString()} hides the password.
 */
public record RedisSentinels(List<String> addresses, String master, Optional<String> password) {

    /** Empty when {@code REDIS_SENTINELS} is not set. */
    static Optional<RedisSentinels> from(Env env, boolean hasRedisUrl) {
        List<String> addresses = env.list("REDIS_SENTINELS", "");
        if (addresses.isEmpty()) {
            return Optional.empty();
        }
        for (String address : addresses) {
            if (!address.matches("[A-Za-z0-9.-]+:[0-9]{1,5}")) {
                throw new ConfigException("REDIS_SENTINELS", "'" + address + "' is not host:port (e.g. sentinel-1:26379)");
            }
        }
        if (!hasRedisUrl) {
            throw new ConfigException("REDIS_SENTINELS", "needs REDIS_URL too (its user and password log in to the primary)");
        }
        String master = env.string("REDIS_SENTINEL_MASTER", "lab");
        if (!master.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new ConfigException("REDIS_SENTINEL_MASTER", "use 1 to 64 letters, digits, '.', '-' or '_'");
        }
        return Optional.of(new RedisSentinels(List.copyOf(addresses), master, env.optional("REDIS_SENTINEL_PASSWORD")));
    }

    @Override
    public String toString() {
        return "RedisSentinels[addresses=" + addresses + ", master=" + master
                + ", password=" + password.map(p -> "***").orElse("none") + "]";
    }
}
