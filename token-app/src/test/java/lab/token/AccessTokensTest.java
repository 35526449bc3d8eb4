package lab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import lab.common.config.Env;
import lab.common.http.Problem;
import lab.common.testing.MutableClock;
import lab.common.users.User;
import lab.token.keys.TokenKeys;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier against the classic ways to forge or abuse a JWT. Each forged token is otherwise
 * perfect (right claims, fresh), so that the one trick under test is the only reason to refuse it.
 */
@DisplayName("access token verification")
class AccessTokensTest {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecretKey SECRET = Keys.hmacShaKeyFor(TestSecrets.CURRENT_BYTES);
    private static final User ALICE = new User("alice", List.of("user"));

    private final MutableClock clock = new MutableClock();
    private final TokenKeys keys = TokenKeys.from(new Env(Map.of("JWT_SECRET", TestSecrets.CURRENT)));
    private final TokenConfig settings = TokenConfig.from(new Env(Map.of("REVOCATION", "off")), false);
    private final AccessTokens tokens = new AccessTokens(keys, settings, clock);

    /** A token exactly like ours, before signing: tests change one thing, then sign. */
    private JwtBuilder genuine() {
        Instant now = clock.instant();
        return Jwts.builder().header().type("at+jwt").keyId(keys.signingKid()).and()
                .issuer("session-vs-token-lab").audience().single("lab-api")
                .subject("alice").claim("roles", List.of("user"))
                .issuedAt(Date.from(now)).notBefore(Date.from(now)).expiration(Date.from(now.plusSeconds(600)))
                .id(UUID.randomUUID().toString()).claim("fam", "family-1")
                .claim("fam_exp", familyEnds().getEpochSecond());
    }

    /** The end of the test's login: 8 hours from now. */
    private Instant familyEnds() {
        return clock.instant().plus(Duration.ofHours(8));
    }

    private String signed(JwtBuilder builder) {
        return builder.signWith(SECRET, Jwts.SIG.HS256).compact();
    }

    /** A token assembled by hand, HMAC-signed with the real secret: for headers no library would write. */
    private static String handMade(String headerJson, String payloadJson) {
        return handMade(headerJson, payloadJson, "HmacSHA256");
    }

    private static String handMade(String headerJson, String payloadJson, String macAlgorithm) {
        String signingInput = b64(headerJson) + "." + b64(payloadJson);
        try {
            Mac mac = Mac.getInstance(macAlgorithm);
            mac.init(new SecretKeySpec(TestSecrets.CURRENT_BYTES, macAlgorithm));
            return signingInput + "." + B64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String payloadJson() {
        long now = clock.instant().getEpochSecond();
        return "{\"iss\":\"session-vs-token-lab\",\"aud\":\"lab-api\",\"sub\":\"alice\",\"roles\":[\"user\"],"
                + "\"iat\":" + now + ",\"nbf\":" + now + ",\"exp\":" + (now + 600) + ",\"jti\":\"j1\",\"fam\":\"f1\","
                + "\"fam_exp\":" + (now + 28_800) + "}";
    }

    private static String b64(String json) {
        return B64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefused(String token, String descriptionPart) {
        assertThatThrownBy(() -> tokens.verify(token)).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.status()).isEqualTo(401);
            assertThat(p.headers().get("WWW-Authenticate"))
                    .startsWith("Bearer realm=\"lab\", error=\"invalid_token\"")
                    .contains(descriptionPart);
        });
    }

    @Test
    @DisplayName("a token we issued verifies and carries every claim back")
    void genuineTokenVerifies() {
        AccessTokens.Issued issued = tokens.issue(new User("bob", List.of("user", "admin")), "fam-42", familyEnds());
        AccessClaims claims = tokens.verify(issued.token());
        assertThat(claims).isEqualTo(issued.claims());
        assertThat(claims.roles()).containsExactly("user", "admin");
        assertThat(claims.family()).isEqualTo("fam-42");
        assertThat(claims.expiresAt()).isEqualTo(clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(900));
    }

    @Test
    @DisplayName("the header names the configured algorithm and kid; the payload has iss, aud, sub, roles, iat, exp, jti, fam, and no nbf")
    void tokenLayout() {
        String[] parts = tokens.issue(ALICE, "f", familyEnds()).token().split("\\.");
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"HS256\"", "\"kid\":\"" + keys.signingKid() + "\"");
        assertThat(payload).contains("\"iss\":\"session-vs-token-lab\"", "\"aud\":\"lab-api\"", "\"sub\":\"alice\"",
                "\"roles\":[\"user\"]", "\"iat\":", "\"exp\":", "\"jti\":", "\"fam\":\"f\"");
        // nbf would equal iat: bytes sent and parsed on every request for nothing.
        assertThat(payload).doesNotContain("\"nbf\"");
        // jti: 128 random bits in 22 characters (a UUID spells 122 in 36).
        assertThat(payload).containsPattern("\"jti\":\"[A-Za-z0-9_-]{22}\"");
    }

    @Test
    @DisplayName("a hand-made token with the real secret verifies (so the forgeries below fail for their trick only)")
    void handMadeBaselineVerifies() {
        String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\",\"kid\":\"" + keys.signingKid() + "\"}";
        assertThat(tokens.verify(handMade(header, payloadJson())).username()).isEqualTo("alice");
        assertThat(tokens.verify(signed(genuine())).username()).isEqualTo("alice");
    }

    @Nested
    @DisplayName("forged algorithm or key")
    class ForgedKeys {
        @ParameterizedTest(name = "alg \"{0}\" with an empty signature is refused")
        @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
        void unsignedTokensAreRefused(String alg) {
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"" + alg + "\",\"kid\":\"" + keys.signingKid() + "\"}";
            assertRefused(b64(header) + "." + b64(payloadJson()) + ".", "invalid_token");
        }

        @Test
        @DisplayName("an unsigned token built by jjwt itself (alg none) is refused")
        void libraryUnsecuredTokenIsRefused() {
            assertRefused(genuine().compact(), "unsigned");
        }

        @Test
        @DisplayName("an alg none header keeping a genuine signature is refused")
        void algNoneWithSignatureIsRefused() {
            String genuineSignature = signed(genuine()).split("\\.")[2];
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"none\",\"kid\":\"" + keys.signingKid() + "\"}";
            assertRefused(b64(header) + "." + b64(payloadJson()) + "." + genuineSignature, "invalid_token");
        }

        @Test
        @DisplayName("HS256 switched to ES256, signed with the attacker's EC key, is refused")
        void switchedToEs256IsRefused() {
            KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
            assertRefused(genuine().signWith(attacker.getPrivate(), Jwts.SIG.ES256).compact(), "invalid_token");
        }

        @Test
        @DisplayName("HS256 switched to EdDSA, signed with the attacker's Ed25519 key, is refused")
        void switchedToEdDsaIsRefused() {
            KeyPair attacker = Jwks.CRV.Ed25519.keyPair().build();
            assertRefused(genuine().signWith(attacker.getPrivate(), Jwts.SIG.EdDSA).compact(), "invalid_token");
        }

        @Test
        @DisplayName("HS512 with the very same secret is refused: the algorithm is pinned, not just the key")
        void otherHmacIsRefused() {
            // By hand: jjwt will not sign HS512 with a 256-bit key, a verifier that follows the header would.
            String header = "{\"alg\":\"HS512\",\"typ\":\"at+jwt\",\"kid\":\"" + keys.signingKid() + "\"}";
            assertThat(tokens.verify(handMade(header.replace("HS512", "HS256"), payloadJson(), "HmacSHA256")).username())
                    .as("the same token as HS256 verifies").isEqualTo("alice");
            assertRefused(handMade(header, payloadJson(), "HmacSHA512"), "invalid_token");
        }

        @Test
        @DisplayName("HS256 signed with another secret under our kid is refused")
        void wrongSecretIsRefused() {
            assertRefused(genuine().signWith(Keys.hmacShaKeyFor(TestSecrets.NEXT_BYTES), Jwts.SIG.HS256).compact(),
                    "signature does not verify");
        }

        @Test
        @DisplayName("a kid that is not configured is refused, even when the signature is right")
        void unknownKidIsRefused() {
            assertRefused(signed(genuine().header().keyId("someone-elses-key").and()), "kid is not one of");
        }

        @Test
        @DisplayName("a token without kid is refused")
        void missingKidIsRefused() {
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\"}";
            assertRefused(handMade(header, payloadJson()), "kid is not one of");
        }

        @Test
        @DisplayName("a jku header (key set at an address of the attacker's choosing) is refused")
        void jkuIsRefused() {
            assertRefused(signed(genuine().header().jwkSetUrl(URI.create("https://evil.example/jwks.json")).and()),
                    "names its own key");
        }

        @Test
        @DisplayName("an x5u header is refused")
        void x5uIsRefused() {
            assertRefused(signed(genuine().header().x509Url(URI.create("https://evil.example/cert.pem")).and()),
                    "names its own key");
        }

        @Test
        @DisplayName("an embedded jwk header with the attacker's key and signature is refused")
        void embeddedJwkIsRefused() {
            KeyPair attacker = Jwts.SIG.ES256.keyPair().build();
            String forged = genuine().header().jwk(Jwks.builder().key((ECPublicKey) attacker.getPublic()).build()).and()
                    .signWith(attacker.getPrivate(), Jwts.SIG.ES256).compact();
            assertRefused(forged, "invalid_token");
        }

        @Test
        @DisplayName("an embedded jwk header is refused even on a token signed with the real secret")
        void embeddedJwkWithRealSignatureIsRefused() {
            KeyPair other = Jwts.SIG.ES256.keyPair().build();
            String token = signed(genuine().header()
                    .jwk(Jwks.builder().key((ECPublicKey) other.getPublic()).build()).and());
            assertRefused(token, "names its own key");
        }

        @Test
        @DisplayName("an x5c header (a certificate chain in the token) is refused")
        void x5cIsRefused() {
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\",\"kid\":\"" + keys.signingKid() + "\",\"x5c\":[\"MIIBfake\"]}";
            assertRefused(handMade(header, payloadJson()), "invalid_token");
        }

        @Test
        @DisplayName("a kid of 3000 characters is refused as unknown, not a 500")
        void hugeKidIsRefused() {
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\",\"kid\":\"" + "k".repeat(3000) + "\"}";
            assertRefused(handMade(header, payloadJson()), "kid is not one of");
        }

        @Test
        @DisplayName("a critical header extension we do not understand is refused")
        void unknownCritIsRefused() {
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\",\"kid\":\"" + keys.signingKid() + "\",\"crit\":[\"exp-ext\"],\"exp-ext\":1}";
            assertRefused(handMade(header, payloadJson()), "invalid_token");
        }
    }

    @Nested
    @DisplayName("forged or stale claims")
    class ForgedClaims {
        @Test
        @DisplayName("a payload changed after signing (alice made admin) is refused")
        void tamperedPayloadIsRefused() {
            String[] parts = signed(genuine()).split("\\.");
            String elevated = b64(payloadJson().replace("[\"user\"]", "[\"user\",\"admin\"]"));
            assertRefused(parts[0] + "." + elevated + "." + parts[2], "signature does not verify");
        }

        @Test
        @DisplayName("a flipped signature byte is refused")
        void tamperedSignatureIsRefused() {
            String token = signed(genuine());
            char last = token.charAt(token.length() - 2);
            String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
            assertRefused(tampered, "signature does not verify");
        }

        @Test
        @DisplayName("an expired token is refused")
        void expiredIsRefused() {
            String token = tokens.issue(ALICE, "f", familyEnds()).token();
            clock.advance(Duration.ofSeconds(900 + 30 + 1));
            assertRefused(token, "the token has expired");
        }

        @Test
        @DisplayName("a token expired by less than CLOCK_SKEW is still accepted")
        void expiryAllowsSkew() {
            String token = tokens.issue(ALICE, "f", familyEnds()).token();
            clock.advance(Duration.ofSeconds(900 + 20));
            assertThat(tokens.verify(token).username()).isEqualTo("alice");
        }

        @Test
        @DisplayName("a token whose nbf is in the future (beyond skew) is refused")
        void notYetValidIsRefused() {
            Instant later = clock.instant().plusSeconds(120);
            assertRefused(signed(genuine().notBefore(Date.from(later))), "not valid yet");
        }

        @Test
        @DisplayName("a wrong issuer is refused")
        void wrongIssuerIsRefused() {
            assertRefused(signed(genuine().issuer("evil-issuer")), "iss claim");
        }

        @Test
        @DisplayName("a missing issuer is refused")
        void missingIssuerIsRefused() {
            assertRefused(signed(genuine().issuer(null)), "iss claim");
        }

        @Test
        @DisplayName("a wrong audience (a token meant for another API) is refused")
        void wrongAudienceIsRefused() {
            assertRefused(signed(genuine().audience().single("other-api")), "aud claim");
        }

        @Test
        @DisplayName("a token without exp (one that would never expire) is refused")
        void missingExpiryIsRefused() {
            assertRefused(signed(genuine().expiration(null)), "no exp claim");
        }

        @Test
        @DisplayName("a token without sub, jti or fam is refused")
        void missingIdentityClaimsAreRefused() {
            assertRefused(signed(genuine().subject(null)), "no sub claim");
            assertRefused(signed(genuine().id(null)), "no jti claim");
            assertRefused(signed(genuine().claim("fam", null)), "no fam claim");
        }

        @Test
        @DisplayName("roles that are not a list of names are refused")
        void badRolesAreRefused() {
            assertRefused(signed(genuine().claim("roles", "admin")), "roles claim");
            assertRefused(signed(genuine().claim("roles", List.of(1, 2))), "roles claim");
            assertRefused(signed(genuine().claim("roles", null)), "roles claim");
        }

        @ParameterizedTest(name = "claim of the wrong type {0} is refused, not a 500")
        @ValueSource(strings = {"\"sub\":42", "\"sub\":{\"a\":1}", "\"jti\":[1]", "\"fam\":7", "\"iat\":\"x\"",
                "\"nbf\":\"x\"", "\"exp\":1e400", "\"fam_exp\":\"x\"", "\"iss\":[\"session-vs-token-lab\",\"x\"]", "\"aud\":{}", "\"roles\":{}"})
        void wrongClaimTypesAreRefused(String claim) {
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\",\"kid\":\"" + keys.signingKid() + "\"}";
            String name = claim.substring(0, claim.indexOf(':'));
            String payload = payloadJson().replaceFirst(name + ":(\\[[^]]*]|\"[^\"]*\"|\\d+)", java.util.regex.Matcher.quoteReplacement(claim));
            assertThat(payload).contains(claim);
            assertRefused(handMade(header, payload), "invalid_token");
        }

        @Test
        @DisplayName("an exp that is not a number is refused, not a 500")
        void textualExpiryIsRefused() {
            String header = "{\"typ\":\"at+jwt\",\"alg\":\"HS256\",\"kid\":\"" + keys.signingKid() + "\"}";
            assertRefused(handMade(header, payloadJson().replaceFirst("\"exp\":\\d+", "\"exp\":\"tomorrow\"")), "invalid_token");
        }
    }

    @Nested
    @DisplayName("RFC 8725 and RFC 9068: the token's type, its lifetime, its login's end")
    class TypeAndLifetime {
        @Test
        @DisplayName("every access token says typ at+jwt in its header, and its login's end (fam_exp) in its payload")
        void typeAndFamilyEndAreWritten() {
            Instant familyEnds = familyEnds();
            AccessTokens.Issued issued = tokens.issue(ALICE, "f", familyEnds);
            String[] parts = issued.token().split("\\.");
            assertThat(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8)).contains("\"typ\":\"at+jwt\"");
            assertThat(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
                    .contains("\"fam_exp\":" + familyEnds.getEpochSecond());
            assertThat(tokens.verify(issued.token()).familyEnds()).isEqualTo(familyEnds.truncatedTo(ChronoUnit.SECONDS));
        }

        @Test
        @DisplayName("a token without typ is refused: any JWT signed with the key (an ID token, say) is not an access token")
        void missingTypeIsRefused() {
            assertRefused(signed(genuine().header().type(null).and()), "not an access token");
        }

        @ParameterizedTest(name = "typ \"{0}\" is refused")
        @ValueSource(strings = {"JWT", "jwt", "application/jwt", "id_token+jwt", "at+jwt+x"})
        void otherTypesAreRefused(String type) {
            assertRefused(signed(genuine().header().type(type).and()), "not an access token");
        }

        @ParameterizedTest(name = "typ \"{0}\" is accepted (media types compare case-insensitively, application/ optional)")
        @ValueSource(strings = {"at+jwt", "AT+JWT", "application/at+jwt"})
        void accessTokenTypesAreAccepted(String type) {
            assertThat(tokens.verify(signed(genuine().header().type(type).and())).username()).isEqualTo("alice");
        }

        @Test
        @DisplayName("a token living 30 days, signed with the right key, is refused")
        void thirtyDayTokenIsRefused() {
            Instant now = clock.instant();
            assertRefused(signed(genuine().expiration(Date.from(now.plus(Duration.ofDays(30))))), "lives longer");
        }

        @Test
        @DisplayName("exp - iat may reach ACCESS_TOKEN_TTL plus CLOCK_SKEW (930 s), not one second more")
        void lifetimeLimitIsTtlPlusSkew() {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            JwtBuilder longest = genuine().issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(930)));
            assertThat(tokens.verify(signed(longest)).username()).isEqualTo("alice");
            assertRefused(signed(genuine().issuedAt(Date.from(now)).expiration(Date.from(now.plusSeconds(931)))), "lives longer");
        }

        @Test
        @DisplayName("a token without iat is refused (its lifetime could not be checked)")
        void missingIssuedAtIsRefused() {
            assertRefused(signed(genuine().issuedAt(null)), "no iat claim");
        }

        @Test
        @DisplayName("a token issued in the future, living 15 minutes from then, is refused (else it would work for days)")
        void futureIssuedAtIsRefused() {
            Instant later = clock.instant().plus(Duration.ofDays(30));
            assertRefused(signed(genuine().issuedAt(Date.from(later)).notBefore(null)
                    .expiration(Date.from(later.plusSeconds(600)))), "iat is in the future");
        }

        @Test
        @DisplayName("a token without fam_exp is refused")
        void missingFamilyEndIsRefused() {
            assertRefused(signed(genuine().claim("fam_exp", null)), "no fam_exp claim");
        }
    }

    @Nested
    @DisplayName("the verified-token cache")
    class Cache {
        @Test
        @DisplayName("a verified token is remembered; once it expires it is refused all the same")
        void rememberedTokenStillExpires() {
            String token = tokens.issue(ALICE, "f", familyEnds()).token();
            tokens.verify(token);
            tokens.verify(token);
            assertThat(tokens.rememberedTokens()).isEqualTo(1L);
            clock.advance(Duration.ofSeconds(900 + 30 + 1));
            assertRefused(token, "the token has expired");
        }

        @Test
        @DisplayName("a token that fails verification is never remembered")
        void refusedTokensAreNotRemembered() {
            String genuine = signed(genuine());
            String[] parts = genuine.split("\\.");
            String tampered = parts[0] + "." + b64(payloadJson().replace("[\"user\"]", "[\"admin\"]")) + "." + parts[2];
            for (String bad : List.of(tampered, signed(genuine().header().type("JWT").and()),
                    signed(genuine().expiration(Date.from(clock.instant().plus(Duration.ofDays(30))))), "a.b.c")) {
                assertThatThrownBy(() -> tokens.verify(bad)).isInstanceOf(Problem.class);
                assertThatThrownBy(() -> tokens.verify(bad)).isInstanceOf(Problem.class);
            }
            assertThat(tokens.rememberedTokens()).isZero();
        }

        @Test
        @DisplayName("VERIFIED_TOKEN_CACHE=off: nothing is remembered")
        void cacheCanBeSwitchedOff() {
            TokenConfig off = TokenConfig.from(new Env(Map.of("REVOCATION", "off", "VERIFIED_TOKEN_CACHE", "off")), false);
            AccessTokens uncached = new AccessTokens(keys, off, clock);
            String token = uncached.issue(ALICE, "f", familyEnds()).token();
            assertThat(uncached.verify(token).username()).isEqualTo("alice");
            assertThat(uncached.rememberedTokens()).isZero();
        }
    }

    @ParameterizedTest(name = "not a compact JWS [{0}]: invalid_token, before any parsing")
    @ValueSource(strings = {"a.b", "a.b.c.d.e", "a b c", "a.b.c\"", "ä.b.c", "a.b.c=", "<script>.b.c", ".b.c", "a..c"})
    void malformedTokensAreRefusedByShape(String token) {
        assertRefused(token, "not a compact JWS");
    }

    @ParameterizedTest(name = "[{0}]: the shape check agrees with the expression it replaces")
    @ValueSource(strings = {"a.b.c", "a.b.", "A-z_0.9-_.x", "", ".", "..", "a..c", ".b.c", "a.b", "a.b.c.", "a.b.c.d",
            "a.b.c.d.e", "a b.c.d", "a.b.c=", "ä.b.c", "a.b.c\n", "a+b.c.d", "a/b.c.d"})
    void shapeCheckMatchesTheRegularExpression(String token) {
        boolean expected = token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
        assertThat(AccessTokens.isCompactJws(token)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "garbage [{0}] is a 401 problem")
    @ValueSource(strings = {"", " ", "garbage", "a.b.c", "a.b.", "..", "....", "e30.e30.", "e30.e30.e30",
            "eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.c2ln", "W10.W10.c2ln", "bnVsbA.bnVsbA.c2ln", "eyJhbGciOiJIUzI1NiJ9.e30.!!!",
            "eyJhbGciOiJIUzI1NiIsImtpZCI6W119.e30.c2ln", "eyJhbGciOjF9.e30.c2ln", "eyJ6aXAiOiJERUYiLCJhbGciOiJIUzI1NiJ9.e30.c2ln"})
    void garbageIsRefused(String garbage) {
        assertThatThrownBy(() -> tokens.verify(garbage)).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.status()).isEqualTo(401));
    }

    @Nested
    @DisplayName("key rotation")
    class Rotation {
        private final TokenKeys rotated = TokenKeys.from(new Env(Map.of(
                "JWT_SECRET", TestSecrets.NEXT, "JWT_PREVIOUS_SECRETS", TestSecrets.CURRENT)));
        private final AccessTokens afterRotation = new AccessTokens(rotated, settings, clock);

        @Test
        @DisplayName("a token signed with a previous secret is still accepted, so rotating logs nobody out")
        void previousSecretStillVerifies() {
            String beforeRotation = tokens.issue(ALICE, "f", familyEnds()).token();
            assertThat(afterRotation.verify(beforeRotation).username()).isEqualTo("alice");
        }

        @Test
        @DisplayName("new tokens are signed with the new secret, under its own kid")
        void newTokensUseTheNewKid() {
            assertThat(rotated.signingKid()).isNotEqualTo(keys.signingKid());
            String token = afterRotation.issue(ALICE, "f", familyEnds()).token();
            String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
            assertThat(header).contains("\"kid\":\"" + rotated.signingKid() + "\"");
            // An instance not yet rotated does not know the new key: roll out the new secret as 'previous' first.
            assertRefused(token, "kid is not one of");
        }

        @Test
        @DisplayName("once a secret is dropped from the previous list, its tokens stop working")
        void droppedSecretIsRefused() {
            TokenKeys dropped = TokenKeys.from(new Env(Map.of("JWT_SECRET", TestSecrets.NEXT)));
            String old = tokens.issue(ALICE, "f", familyEnds()).token();
            assertThatThrownBy(() -> new AccessTokens(dropped, settings, clock).verify(old)).isInstanceOf(Problem.class);
        }
    }
}
