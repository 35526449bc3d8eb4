package lab.token.dpop;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.EcPublicJwk;
import io.jsonwebtoken.security.UnsupportedKeyException;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import lab.common.auth.OpaqueTokens;
import lab.common.http.Problem;

/**
 * Checks DPoP proofs (RFC 9449): a JWT the client signs per request with a key it keeps (the
 * dashboard: a non-extractable WebCrypto key), carrying its public key in the header. A proof is
 * good only for this method and URL ({@code htm}, {@code htu}), only now ({@code iat} within
 * {@link #WINDOW}), only once ({@code jti}, {@link ReplayCache}), and with an access token only for
 * that token ({@code ath}). Its key's thumbprint ({@code jkt}) is what tokens are bound to.
 * Parsed with jjwt, which reads the embedded key; the access tokens' own parser still refuses any
 * key a token brings (PinnedKeyLocator).
 */
public final class DpopProofs {
    public static final String HEADER = "DPoP";
    public static final String CHALLENGE = "DPoP algs=\"ES256\"";
    /** How far a proof's iat may be from this server's clock, either way. */
    static final Duration WINDOW = Duration.ofSeconds(60);
    private static final String TYPE = "dpop+jwt";

    private final ReplayCache replays;
    private final Clock clock;

    public DpopProofs(ReplayCache replays, Clock clock) {
        this.replays = replays;
        this.clock = clock;
    }

    /**
     * The thumbprint of the key that signed this request's proof, or a 401 problem.
     *
     * @param accessToken the token the request presents with the proof (its hash must be the proof's
     *                    {@code ath}); empty at login and refresh
     */
    public String verify(String proof, String method, String url, Optional<String> accessToken) {
        if (proof == null || proof.isBlank()) {
            throw invalid("send a DPoP proof in the DPoP header");
        }
        if (proof.length() > 4096) {
            throw invalid("the DPoP proof is too large");
        }
        Jws<Claims> jws;
        try {
            jws = Jwts.parser()
                    .sig().clear().add(Jwts.SIG.ES256).and()
                    .keyLocator(DpopProofs::proofKey)
                    .clock(() -> Date.from(clock.instant()))
                    .build()
                    .parseSignedClaims(proof);
        } catch (JwtException | IllegalArgumentException e) {
            throw invalid("the DPoP proof is not a valid ES256 dpop+jwt signed by the key in its header");
        }
        Claims claims = jws.getPayload();
        if (!method.equals(claims.get("htm", String.class))) {
            throw invalid("the DPoP proof is for another method (htm)");
        }
        if (!url.equals(claims.get("htu", String.class))) {
            throw invalid("the DPoP proof is for another URL (htu)");
        }
        Date issuedAt = claims.getIssuedAt();
        Instant now = clock.instant();
        if (issuedAt == null || Duration.between(issuedAt.toInstant(), now).abs().compareTo(WINDOW) > 0) {
            throw invalid("the DPoP proof's iat is missing or not within " + WINDOW.toSeconds() + " s of now");
        }
        String ath = accessToken.map(DpopProofs::tokenHash).orElse(null);
        if (accessToken.isPresent() && !ath.equals(claims.get("ath", String.class))) {
            throw invalid("the DPoP proof is not for this access token (ath)");
        }
        String jkt = jws.getHeader().getJwk().thumbprint().toString();
        String jti = claims.getId();
        if (jti == null || jti.isBlank() || jti.length() > 256) {
            throw invalid("the DPoP proof has no usable jti");
        }
        if (!replays.firstUse(OpaqueTokens.sha256Hex(jkt + " " + jti), WINDOW.multipliedBy(2))) {
            throw invalid("this DPoP proof was used before");
        }
        return jkt;
    }

    /** The key in the proof's own header: a public P-256 key, and nothing else. */
    private static Key proofKey(Header header) {
        if (!(header instanceof ProtectedHeader protectedHeader) || !TYPE.equals(header.getType())
                || !Jwts.SIG.ES256.getId().equals(protectedHeader.getAlgorithm())) {
            throw new UnsupportedKeyException("not an ES256 dpop+jwt");
        }
        if (!(protectedHeader.getJwk() instanceof EcPublicJwk jwk)) {
            throw new UnsupportedKeyException("no EC public key in the header");
        }
        return jwk.toKey();
    }

    /** {@code ath}: base64url of the SHA-256 of the access token's ASCII. */
    public static String tokenHash(String accessToken) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static Problem invalid(String detail) {
        return Problem.unauthorized(detail).withHeader("WWW-Authenticate",
                CHALLENGE + ", error=\"invalid_dpop_proof\", error_description=\"" + detail + "\"");
    }
}
