package lab.token;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import lab.common.auth.AuthMechanism;
import lab.common.auth.OpaqueTokens;
import lab.common.http.CorsPolicy;
import lab.common.http.Problem;
import lab.common.metrics.CacheGets;
import lab.common.users.User;
import lab.common.users.UserDirectory;
import lab.token.keys.TokenKeys;
import lab.token.refresh.Consumed;
import lab.token.refresh.RefreshGrant;
import lab.token.refresh.RefreshTokens;
import lab.token.revocation.RevocationCheck;
import lab.token.revocation.RevocationFeed;
import lab.token.revocation.RevocationList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers users with tokens they carry: a short-lived signed access token that any instance
 * verifies alone, and an opaque refresh token kept (hashed) in Redis. Logout and theft detection
 * need Redis too: that is the state a "stateless" token cannot do without.
 */
public final class TokenMechanism implements AuthMechanism {
    private static final Logger LOG = LoggerFactory.getLogger(TokenMechanism.class);
    private static final long SKIPPED_WARNING_EVERY_MS = 10_000;

    private final TokenConfig settings;
    private final TokenKeys keys;
    private final AccessTokens accessTokens;
    private final Optional<ServerSideState> serverSide;
    private final Optional<RevocationCheck> revocationCheck;
    private final UserDirectory users;
    private final CorsPolicy cors;
    private final TokenTransport transport;
    private final Clock clock;
    private final AtomicLong lastSkippedWarning = new AtomicLong();

    /** {@code serverSide} is present exactly when Redis is configured; {@code transport}: TOKEN_TRANSPORT and DPOP. */
    TokenMechanism(TokenConfig settings, TokenKeys keys, Optional<ServerSideState> serverSide,
                   UserDirectory users, CorsPolicy cors, Clock clock, TokenTransport transport) {
        this.settings = settings;
        this.keys = keys;
        this.accessTokens = new AccessTokens(keys, settings, clock);
        this.serverSide = serverSide;
        this.revocationCheck = serverSide.filter(state -> settings.checkRevocation())
                .map(state -> new RevocationCheck(state.revocations(), settings.failOpen(), state.nearCache()));
        this.users = users;
        this.cors = cors;
        this.clock = clock;
        this.transport = transport;
    }

    @Override
    public String name() {
        return "token";
    }

    @Override
    public CorsPolicy cors() {
        return cors;
    }

    @Override
    public String transport() {
        return settings.cookieTransport() ? "cookie" : settings.dpop() ? "dpop" : "header";
    }

    @Override
    public Optional<String> challenge() {
        return transport.challenge();
    }

    /**
     * A new login: a new refresh-token family, which ends REFRESH_TOKEN_TTL from now whatever happens.
     * Its id travels in every access token (fam): 22 characters, not a UUID's 36.
     */
    @Override
    public Map<String, Object> login(Context ctx, User user) {
        var family = new RefreshGrant(OpaqueTokens.randomId(), user.username(),
                clock.instant().plus(settings.refreshTtl()), transport.newCsrfToken(), transport.bindingKey(ctx));
        return tokenPair(ctx, user, family);
    }

    @Override
    public User authenticate(Context ctx) {
        return verified(ctx).user();
    }

    /** Spends the refresh token and answers the next pair of the same family, with the user's current roles. */
    @Override
    public Refreshed refresh(Context ctx) {
        RefreshTokens store = serverSide.map(ServerSideState::refreshTokens).orElseThrow(() -> new Problem(400, "refresh-needs-redis",
                "Refresh is not available on this instance",
                "refresh tokens are kept in Redis; this instance runs without REDIS_URL, so log in again instead"));
        String presented = transport.refreshToken(ctx);
        String key = transport.bindingKey(ctx);
        // With cookies, a forged refresh must fail before it spends anything (an unknown token has no CSRF token to match).
        transport.checkCsrf(ctx, () -> store.peek(presented).map(RefreshGrant::csrfToken).orElse(""));
        Consumed consumed = store.consume(presented);
        if (consumed instanceof Consumed.Reused reused) {
            throw theftDetected(reused.grant());
        }
        if (consumed instanceof Consumed.Ended) {
            throw invalidRefreshToken("this login has ended (logout or a detected token theft)");
        }
        if (!(consumed instanceof Consumed.Fresh fresh)) {
            throw invalidRefreshToken("the refresh token is unknown or has expired");
        }
        RefreshGrant grant = fresh.grant();
        if (!grant.keyThumbprint().equals(key)) {
            throw boundElsewhere(grant);
        }
        // Roles come from the directory, not the old token: a refresh must not carry stale rights forward.
        User user = users.find(grant.username())
                .orElseThrow(() -> invalidRefreshToken("the account no longer exists"));
        return new Refreshed(user, tokenPair(ctx, user, grant));
    }

    /**
     * Ends the login wherever Redis is configured: its refresh token stops working, whatever REVOCATION
     * says. With REVOCATION=redis the access token and its siblings stop too, everywhere. With
     * REVOCATION=off nothing checks access tokens: a copy keeps working until it expires.
     */
    @Override
    public void logout(Context ctx) {
        AccessClaims claims = verified(ctx);
        transport.forget(ctx);
        if (serverSide.isEmpty()) {
            LOG.info("logout: user={} (no Redis: nothing to revoke; the token stays valid until {})",
                    claims.username(), claims.expiresAt());
            return;
        }
        RevocationList revocations = serverSide.get().revocations();
        if (!settings.checkRevocation()) {
            revocations.revokeFamily(claims.family(), claims.familyEnds());
            LOG.info("logout: user={} family={} ended: no more refreshes (REVOCATION=off: the access token stays valid until {})",
                    claims.username(), claims.family(), claims.expiresAt());
            return;
        }
        revocations.revoke(claims.id(), accessTokens.remainingLife(claims), claims.family(), claims.familyEnds());
        LOG.info("logout: user={} family={} revoked", claims.username(), claims.family());
    }

    @Override
    public void stop() {
        serverSide.flatMap(ServerSideState::nearCache).ifPresent(RevocationFeed::close);
    }

    @Override
    public List<CacheGets> caches() {
        return Stream.of(revocationCheck.flatMap(RevocationCheck::nearCacheGets), accessTokens.verifiedTokenGets())
                .flatMap(Optional::stream).toList();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        revocationCheck.ifPresent(check -> check.bindTo(registry));
    }

    @Override
    public boolean needsRedis() {
        return settings.checkRevocation() && !settings.failOpen();
    }

    /** The public keys, for anyone to verify tokens without being able to sign them (ES256, EdDSA only). */
    @Override
    public void addRoutes(RoutesConfig routes) {
        transport.addRoutes(routes);
        keys.jwksJson().ifPresent(jwks -> routes.get("/.well-known/jwks.json", ctx -> {
            ctx.header("Cache-Control", "public, max-age=300");
            ctx.contentType("application/jwk-set+json").result(jwks);
        }));
    }

    private Map<String, Object> tokenPair(Context ctx, User user, RefreshGrant family) {
        AccessTokens.Issued access = accessTokens.issue(user, family.family(), family.familyExpiresAt(), family.csrfToken(),
                family.keyThumbprint());
        Optional<String> refresh = serverSide.map(state -> state.refreshTokens().issue(family));
        return transport.hand(ctx, new TokenTransport.Pair(access.token(), settings.accessTtl().toSeconds(), refresh,
                family.csrfToken()));
    }

    private AccessClaims verified(Context ctx) {
        String token = transport.accessToken(ctx);
        AccessClaims claims;
        try {
            claims = accessTokens.verify(token);
        } catch (Problem refused) {
            throw refused.status() == 401 ? Bearer.invalidToken(transport.challenge(), refused.detail()) : refused;
        }
        transport.checkSender(ctx, token, claims);
        transport.checkCsrf(ctx, claims::csrfToken);
        revocationCheck.ifPresent(check -> checkNotRevoked(ctx, check, claims));
        return claims;
    }

    /** The availability trade-off, chosen by REVOCATION_FAILURE: see RevocationCheck. */
    private void checkNotRevoked(Context ctx, RevocationCheck check, AccessClaims claims) {
        switch (check.check(claims.id(), claims.family(), claims.expiresAt())) {
            case REVOKED -> throw Bearer.invalidToken(transport.challenge(), "the token has been revoked");
            case SKIPPED -> {
                warnSkipped();
                ctx.header("X-Revocation-Check", "skipped");
            }
            case VALID -> {
            }
        }
    }

    /** Every request would warn during an outage: once per 10 s says the same. */
    private void warnSkipped() {
        long now = clock.millis();
        long last = lastSkippedWarning.get();
        if (now - last >= SKIPPED_WARNING_EVERY_MS && lastSkippedWarning.compareAndSet(last, now)) {
            LOG.warn("revocation check skipped, Redis is down: accepting tokens on their signature alone");
        }
    }

    /** A spent refresh token came back: one of its two holders is a thief, and we cannot tell which. */
    private Problem theftDetected(RefreshGrant grant) {
        serverSide.orElseThrow().revocations().revokeFamily(grant.family(), grant.familyExpiresAt());
        LOG.warn("refresh token reuse: user={} family={} revoked", grant.username(), grant.family());
        return new Problem(401, "refresh-token-reused", "Refresh token reused",
                "this refresh token was already used; the login it belongs to has been ended everywhere");
    }

    /** A refresh token bound to one key, presented with a proof by another: a copy, used by whoever took it. */
    private Problem boundElsewhere(RefreshGrant grant) {
        serverSide.orElseThrow().revocations().revokeFamily(grant.family(), grant.familyExpiresAt());
        LOG.warn("refresh token presented with another DPoP key: user={} family={} revoked", grant.username(), grant.family());
        return new Problem(401, "refresh-token-bound-elsewhere", "Refresh token bound to another key",
                "this refresh token belongs to another key; the login it belongs to has been ended everywhere");
    }

    private static Problem invalidRefreshToken(String detail) {
        return new Problem(401, "invalid-refresh-token", "Invalid refresh token", detail);
    }
}
