package lab.token;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.common.auth.OpaqueTokens;
import lab.common.metrics.CacheGets;
import lab.common.users.User;
import lab.token.keys.KeyRejectedException;
import lab.token.keys.PinnedKeyLocator;
import lab.token.keys.TokenKeys;

/**
 * Issues and verifies access tokens: short-lived JWS that any instance can check with no shared
 * state, only the keys. A failure is always a 401 problem with a fixed description: nothing of the
 * token (nor the library's message about it) is echoed back.
 */
public final class AccessTokens {
    public static final String FAMILY_CLAIM = "fam";
    public static final String FAMILY_ENDS_CLAIM = "fam_exp";
    public static final String ROLES_CLAIM = "roles";
    public static final String CSRF_CLAIM = "csrf";
    public static final String CONFIRMATION_CLAIM = "cnf";
    static final String KEY_THUMBPRINT = "jkt";
    /** RFC 9068's media type for access tokens: a JWT of another kind (an ID token, say) is not one. */
    public static final String TYPE = "at+jwt";


    private final TokenKeys keys;
    private final TokenConfig settings;
    private final Clock clock;
    private final JwtParser parser;
    private final Optional<VerifiedTokenCache> verified;

    public AccessTokens(TokenKeys keys, TokenConfig settings, Clock clock) {
        this.keys = keys;
        this.settings = settings;
        this.clock = clock;
        this.verified = settings.cacheVerified() ? Optional.of(new VerifiedTokenCache(clock)) : Optional.empty();
        this.parser = Jwts.parser()
                // Only the configured algorithm is known to this parser; 'none' never is (jjwt rejects
                // unsigned tokens unless told otherwise, and we never tell it).
                .sig().clear().add(keys.algorithm()).and()
                .keyLocator(new PinnedKeyLocator(keys))
                .requireIssuer(settings.issuer())
                .requireAudience(settings.audience())
                .clockSkewSeconds(settings.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    /** A freshly signed token and the claims it carries. */
    public record Issued(String token, AccessClaims claims) {
    }

    /** A token of the login {@code family}, which ends at {@code familyEnds}. */
    public Issued issue(User user, String family, Instant familyEnds) {
        return issue(user, family, familyEnds, "", "");
    }

    /**
     * The same, carrying the login's CSRF token (claim {@code csrf}) and the thumbprint of the key
     * it is bound to (claim {@code cnf}, RFC 9449's {@code {"jkt": ...}}), each unless it is empty.
     */
    public Issued issue(User user, String family, Instant familyEnds, String csrfToken, String keyThumbprint) {
        // JWT times are whole seconds: truncate, so the claims we return are the ones a verifier reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant familyEnd = familyEnds.truncatedTo(ChronoUnit.SECONDS);
        Instant expiresAt = now.plus(settings.accessTtl());
        String id = OpaqueTokens.randomId();
        var builder = Jwts.builder()
                .header().type(TYPE).keyId(keys.signingKid()).and()
                .issuer(settings.issuer())
                .audience().single(settings.audience())
                .subject(user.username())
                .claim(ROLES_CLAIM, user.roles())
                // No nbf: it would equal iat (RFC 9068 does not ask for it), and every byte of a token
                // is sent, and parsed by the server byte by byte, on every request.
                .issuedAt(Date.from(now))
                .expiration(Date.from(expiresAt))
                .id(id)
                .claim(FAMILY_CLAIM, family)
                .claim(FAMILY_ENDS_CLAIM, familyEnd.getEpochSecond());
        if (!csrfToken.isEmpty()) {
            builder.claim(CSRF_CLAIM, csrfToken);
        }
        if (!keyThumbprint.isEmpty()) {
            builder.claim(CONFIRMATION_CLAIM, Map.of(KEY_THUMBPRINT, keyThumbprint));
        }
        String token = keys.sign(builder);
        return new Issued(token, new AccessClaims(user.username(), user.roles(), id, family, familyEnd, expiresAt, csrfToken, keyThumbprint));
    }

    /**
     * The claims of a token this service signed and that is valid now (revocation aside), or a 401 problem.
     * A remembered token is the very string that passed every check below, its shape included: a hit
     * needs none of them again.
     */
    public AccessClaims verify(String token) {
        Optional<AccessClaims> remembered = verified.flatMap(cache -> cache.get(token));
        if (remembered.isPresent()) {
            return remembered.get();
        }
        AccessClaims claims = verifyFully(token);
        verified.ifPresent(cache -> cache.put(token, claims));
        return claims;
    }

    /** The verified-token cache's hits and misses, when it is on. */
    Optional<CacheGets> verifiedTokenGets() {
        return verified.map(VerifiedTokenCache::gets);
    }

    /** How many verified tokens are remembered (tests). */
    long rememberedTokens() {
        return verified.map(VerifiedTokenCache::size).orElse(0L);
    }

    private AccessClaims verifyFully(String token) {
        if (!isCompactJws(token)) {
            throw Bearer.invalidToken("the token is not a compact JWS");
        }
        try {
            Jws<Claims> jws = parser.parseSignedClaims(token);
            requireAccessTokenType(jws.getHeader().getType());
            return required(jws.getPayload());
        } catch (ExpiredJwtException e) {
            throw Bearer.invalidToken("the token has expired");
        } catch (PrematureJwtException e) {
            throw Bearer.invalidToken("the token is not valid yet");
        } catch (MissingClaimException | IncorrectClaimException e) {
            // The claim name comes from our own requirements (iss, aud), not from the token.
            throw Bearer.invalidToken("the token's " + e.getClaimName() + " claim is not accepted here");
        } catch (KeyRejectedException e) {
            throw Bearer.invalidToken(e.getMessage());
        } catch (SignatureException e) {
            throw Bearer.invalidToken("the signature does not verify");
        } catch (UnsupportedJwtException e) {
            throw Bearer.invalidToken("the token is unsigned or uses an algorithm this server does not accept");
        } catch (JwtException | IllegalArgumentException e) {
            // Malformed base64 or JSON, claims of the wrong type (sub: 42), keys that do not fit: all the same to a client.
            throw Bearer.invalidToken("the token is malformed");
        }
    }

    /**
     * A compact JWS: three base64url parts, the first two not empty (the regular expression
     * {@code [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*}). A JWE (five parts) or anything else is
     * not ours. Loops, not that expression: matching ~400 characters against a character class on
     * every request took about a tenth of the CPU of a request answered from the caches (JFR).
     */
    static boolean isCompactJws(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return first > 0 && second > first + 1 && token.indexOf('.', second + 1) < 0
                && OpaqueTokens.isBase64Url(token, 0, first)
                && OpaqueTokens.isBase64Url(token, first + 1, second)
                && OpaqueTokens.isBase64Url(token, second + 1, token.length());
    }

    /**
     * RFC 8725 section 3.11 and RFC 9068: a signed JWT of another kind (an ID token, a token for some
     * other purpose signed with the same key) must not pass as an access token. Media types compare
     * case-insensitively, and "application/" may be left out.
     */
    private static void requireAccessTokenType(String type) {
        if (type == null || !(type.equalsIgnoreCase(TYPE) || type.equalsIgnoreCase("application/" + TYPE))) {
            throw Bearer.invalidToken("the token is not an access token (typ at+jwt)");
        }
    }

    /**
     * jjwt checks exp and nbf only when present, and iat not at all. A token without an expiry would live
     * forever, and one living longer than ACCESS_TOKEN_TTL was not issued by this configuration (or a key
     * leaked): require exp and iat, an iat that is not in the future, and exp - iat within TTL + skew.
     */
    private AccessClaims required(Claims claims) {
        Date expiration = claims.getExpiration();
        if (expiration == null) {
            throw Bearer.invalidToken("the token has no exp claim");
        }
        Date issuedAt = claims.getIssuedAt();
        if (issuedAt == null) {
            throw Bearer.invalidToken("the token has no iat claim");
        }
        Instant issued = issuedAt.toInstant();
        if (issued.isAfter(clock.instant().plus(settings.clockSkew()))) {
            throw Bearer.invalidToken("the token's iat is in the future");
        }
        if (Duration.between(issued, expiration.toInstant()).compareTo(settings.maxTokenLife()) > 0) {
            throw Bearer.invalidToken("the token lives longer than this server issues tokens for");
        }
        String subject = text(claims.getSubject(), "sub");
        String id = text(claims.getId(), "jti");
        String family = text(claims.get(FAMILY_CLAIM) instanceof String s ? s : null, FAMILY_CLAIM);
        String csrf = claims.get(CSRF_CLAIM) instanceof String s ? s : "";
        String jkt = claims.get(CONFIRMATION_CLAIM) instanceof Map<?, ?> cnf && cnf.get(KEY_THUMBPRINT) instanceof String t ? t : "";
        return new AccessClaims(subject, roles(claims.get(ROLES_CLAIM)), id, family,
                familyEnds(claims.get(FAMILY_ENDS_CLAIM)), expiration.toInstant(), csrf, jkt);
    }

    private static Instant familyEnds(Object claim) {
        if (!(claim instanceof Integer || claim instanceof Long)) {
            throw Bearer.invalidToken("the token has no " + FAMILY_ENDS_CLAIM + " claim");
        }
        return Instant.ofEpochSecond(((Number) claim).longValue());
    }

    private static String text(String value, String claim) {
        if (value == null || value.isBlank()) {
            throw Bearer.invalidToken("the token has no " + claim + " claim");
        }
        return value;
    }

    private static List<String> roles(Object claim) {
        if (!(claim instanceof List<?> list)) {
            throw Bearer.invalidToken("the token's roles claim is not a list");
        }
        List<String> roles = new ArrayList<>();
        for (Object role : list) {
            if (!(role instanceof String name)) {
                throw Bearer.invalidToken("the token's roles claim is not a list of names");
            }
            roles.add(name);
        }
        return roles;
    }

    /** How long the token still works: the life a revocation entry must outlast. */
    public Duration remainingLife(AccessClaims claims) {
        Duration left = Duration.between(clock.instant(), claims.expiresAt()).plus(settings.clockSkew());
        return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
    }
}
