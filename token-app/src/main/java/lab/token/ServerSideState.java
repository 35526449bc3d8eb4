package lab.token;

import java.time.Clock;
import java.time.Duration;
import lab.token.refresh.RefreshTokens;
import lab.token.revocation.RevocationList;
import redis.clients.jedis.RedisClient;

/**
 * What a token design still keeps on the server once it offers refresh and logout: the refresh tokens
 * and the revocation list. Both live in Redis, so they exist together or not at all (no REDIS_URL).
 */
record ServerSideState(RefreshTokens refreshTokens, RevocationList revocations) {
    static ServerSideState in(RedisClient redis, Duration maxTokenLife, Clock clock) {
        return new ServerSideState(new RefreshTokens(redis, clock), new RevocationList(redis, maxTokenLife, clock));
    }
}
