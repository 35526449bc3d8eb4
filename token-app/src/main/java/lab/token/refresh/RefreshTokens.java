package lab.token.refresh;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import lab.common.auth.OpaqueTokens;
import lab.token.revocation.RevocationList;
import redis.clients.jedis.UnifiedJedis;

/**
 * Opaque, single-use refresh tokens in Redis. Only the SHA-256 of a token is stored, so a copy of
 * Redis does not hand out working tokens. Each use spends the token and leaves a marker, so that a
 * second use (the token was copied) is recognised as theft.
 *
 * <p>A token is {@code <family>.<256 random bits>}: it names its login (no secret: the access
 * tokens carry it too) so that its keys can carry the family as a Redis Cluster hash tag, in the
 * slot of the family's revocation ({@link RevocationList}). The secret part is what makes it a
 * credential.
 */
public final class RefreshTokens {
    /** The family ({@link OpaqueTokens#randomId()}), a dot, then 256 random bits, base64url without padding. */
    public static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");

    /**
     * One atomic step, so two requests racing with the same token cannot both win: take the token,
     * remember it as used for as long as it would have lived (the rest of its family's life), and read
     * whether its login has ended. Reading the family's revocation in the same step matters when copies
     * race: the losers end the login right after, and must not turn the winner's 200 into a 401.
     * KEYS: the token, its used-marker, its family's revocation: one slot on a cluster.
     */
    private static final String CONSUME = """
            local ttl = redis.call('TTL', KEYS[1])
            local grant = redis.call('GETDEL', KEYS[1])
            if grant then
              if ttl > 0 then redis.call('SET', KEYS[2], grant, 'EX', ttl) end
              if redis.call('EXISTS', KEYS[3]) == 1 then return {'ended', grant} end
              return {'fresh', grant}
            end
            local used = redis.call('GET', KEYS[2])
            if used then return {'reused', used} end
            return {'unknown', ''}
            """;

    private final UnifiedJedis redis;
    private final Clock clock;

    public RefreshTokens(UnifiedJedis redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /** A new token for the grant, living until the family ends. */
    public String issue(RefreshGrant grant) {
        String token = grant.family() + "." + OpaqueTokens.random();
        long ttl = Math.max(1, Duration.between(clock.instant(), grant.familyExpiresAt()).toSeconds());
        redis.setex(key(token), ttl, grant.encode());
        return token;
    }

    /** The grant behind a token that is still unspent, without spending it (to check a refresh's CSRF token first). */
    public Optional<RefreshGrant> peek(String token) {
        return Optional.ofNullable(redis.get(key(token))).map(RefreshGrant::decode);
    }

    /** Spends the token: at most one caller ever gets {@link Consumed.Fresh} or {@link Consumed.Ended} for it. */
    public Consumed consume(String token) {
        Object reply = redis.eval(CONSUME, List.of(key(token), usedKey(token), RevocationList.familyKey(family(token))), List.of());
        List<?> parts = (List<?>) reply;
        String outcome = text(parts.get(0));
        String grant = text(parts.get(1));
        return switch (outcome) {
            case "fresh" -> new Consumed.Fresh(RefreshGrant.decode(grant));
            case "reused" -> new Consumed.Reused(RefreshGrant.decode(grant));
            case "ended" -> new Consumed.Ended(RefreshGrant.decode(grant));
            default -> new Consumed.Unknown();
        };
    }

    /** {@code refresh:{<family>}:<sha256 of the token>} → the grant. */
    static String key(String token) {
        return "refresh:{" + family(token) + "}:" + OpaqueTokens.sha256Hex(token);
    }

    /** {@code refresh:{<family>}:used:<sha256 of the token>}: the token was spent. */
    static String usedKey(String token) {
        return "refresh:{" + family(token) + "}:used:" + OpaqueTokens.sha256Hex(token);
    }

    /** The family a token names (callers have checked it against {@link #FORMAT}). */
    private static String family(String token) {
        return token.substring(0, token.indexOf('.'));
    }


    /** Jedis answers a script's strings as String or as byte[], depending on the protocol. */
    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
