package lab.token.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import lab.token.TestSecrets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("signing key configuration")
class TokenKeysTest {

    private static TokenKeys keys(String... pairs) {
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            vars.put(pairs[i], pairs[i + 1]);
        }
        return TokenKeys.from(new Env(vars));
    }

    private static void assertRefused(String variable, String problemPart, String... pairs) {
        assertThatThrownBy(() -> keys(pairs)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(variable + ":").hasMessageContaining(problemPart);
    }

    @Nested
    @DisplayName("HS256")
    class Hmac {
        @Test
        @DisplayName("no JWT_SECRET: refused, naming JWT_SECRET and how to make one")
        void missingSecretIsRefused() {
            assertRefused("JWT_SECRET", "openssl rand -base64 32");
        }

        @ParameterizedTest(name = "a {0}-byte secret is refused as too weak")
        @ValueSource(ints = {1, 16, 31})
        void weakSecretIsRefused(int bytes) {
            String weak = Base64.getEncoder().encodeToString(new byte[bytes]);
            assertRefused("JWT_SECRET", bytes * 8 + " bits", "JWT_SECRET", weak);
        }

        @Test
        @DisplayName("a password-like secret that is not base64 is refused")
        void nonBase64IsRefused() {
            assertRefused("JWT_SECRET", "not base64", "JWT_SECRET", "my secret password!");
        }

        @Test
        @DisplayName("the secret never appears in the error message")
        void secretIsNotEchoed() {
            String weak = Base64.getEncoder().encodeToString("short-secret".getBytes());
            assertThatThrownBy(() -> keys("JWT_SECRET", weak)).hasMessageNotContaining(weak);
        }

        @Test
        @DisplayName("a weak previous secret is refused, naming JWT_PREVIOUS_SECRETS")
        void weakPreviousSecretIsRefused() {
            assertRefused("JWT_PREVIOUS_SECRETS", "bits", "JWT_SECRET", TestSecrets.CURRENT,
                    "JWT_PREVIOUS_SECRETS", TestSecrets.NEXT + ",c2hvcnQ=");
        }

        @Test
        @DisplayName("JWT_DEV_GENERATE_SECRET=true generates a random 256-bit key when JWT_SECRET is missing")
        void devFlagGeneratesASecret() {
            TokenKeys first = keys("JWT_DEV_GENERATE_SECRET", "true");
            TokenKeys second = keys("JWT_DEV_GENERATE_SECRET", "true");
            assertThat(first.signingKey().getEncoded()).hasSize(32);
            assertThat(first.signingKid()).isNotEqualTo(second.signingKid());
        }

        @Test
        @DisplayName("JWT_DEV_GENERATE_SECRET=true does not rescue a weak JWT_SECRET")
        void devFlagDoesNotExcuseAWeakSecret() {
            assertRefused("JWT_SECRET", "bits", "JWT_DEV_GENERATE_SECRET", "true", "JWT_SECRET", "c2hvcnQ=");
        }

        @Test
        @DisplayName("the kid is derived from the secret: stable across instances, and not the secret")
        void kidIsStableAndDerived() {
            TokenKeys a = keys("JWT_SECRET", TestSecrets.CURRENT);
            TokenKeys b = keys("JWT_SECRET", TestSecrets.CURRENT);
            assertThat(a.signingKid()).isEqualTo(b.signingKid()).hasSize(11);
            assertThat(TestSecrets.CURRENT).doesNotContain(a.signingKid());
            assertThat(keys("JWT_SECRET", TestSecrets.NEXT).signingKid()).isNotEqualTo(a.signingKid());
        }

        @Test
        @DisplayName("base64url is accepted as well as base64, and means the same key")
        void base64UrlIsAccepted() {
            byte[] bytes = new byte[32];
            bytes[0] = (byte) 0xfb; // encodes to '+' or '-' depending on the alphabet
            String standard = Base64.getEncoder().encodeToString(bytes);
            String url = Base64.getUrlEncoder().encodeToString(bytes);
            assertThat(standard).isNotEqualTo(url);
            assertThat(keys("JWT_SECRET", url).signingKid()).isEqualTo(keys("JWT_SECRET", standard).signingKid());
        }

        @Test
        @DisplayName("previous secrets are accepted for verification; the current one signs")
        void previousSecretsVerifyOnly() {
            TokenKeys rotated = keys("JWT_SECRET", TestSecrets.NEXT, "JWT_PREVIOUS_SECRETS", TestSecrets.CURRENT);
            assertThat(rotated.verificationKeys()).containsOnlyKeys(
                    HmacKeys.kid(TestSecrets.NEXT_BYTES), HmacKeys.kid(TestSecrets.CURRENT_BYTES));
            assertThat(rotated.signingKid()).isEqualTo(HmacKeys.kid(TestSecrets.NEXT_BYTES));
            assertThat(rotated.jwksJson()).isEmpty();
        }

        @Test
        @DisplayName("a JWK file next to HS256 is ignored (with a warning): the secret signs")
        void jwkFileWithHmacIsIgnored() {
            TokenKeys hmac = keys("JWT_SECRET", TestSecrets.CURRENT, "JWT_SIGNING_JWK_FILE", "/nonexistent/x.json");
            assertThat(hmac.algorithmId()).isEqualTo("HS256");
        }

        @Test
        @DisplayName("an unknown JWT_ALG (RS256, none) is refused, naming JWT_ALG")
        void unknownAlgorithmIsRefused() {
            assertRefused("JWT_ALG", "must be one of", "JWT_ALG", "none", "JWT_SECRET", TestSecrets.CURRENT);
            assertRefused("JWT_ALG", "must be one of", "JWT_ALG", "RS256", "JWT_SECRET", TestSecrets.CURRENT);
        }
    }

    @Nested
    @DisplayName("ES256 and EdDSA")
    class Asymmetric {
        @TempDir
        Path dir;

        private Path generated(String alg, String name) {
            Path file = dir.resolve(name);
            assertThat(GenerateJwk.run(alg, file.toString())).isZero();
            return file;
        }

        @Test
        @DisplayName("no JWT_SIGNING_JWK_FILE: refused, naming it and the generate-jwk command")
        void missingFileIsRefused() {
            assertRefused("JWT_SIGNING_JWK_FILE", "generate-jwk ES256", "JWT_ALG", "ES256");
        }

        @Test
        @DisplayName("a JWK file that does not exist or is not JSON is refused")
        void unreadableFileIsRefused() throws IOException {
            assertRefused("JWT_SIGNING_JWK_FILE", "cannot read", "JWT_ALG", "EdDSA",
                    "JWT_SIGNING_JWK_FILE", dir.resolve("missing.json").toString());
            Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"kty\":\"EC\",\"crv\":\"P-256\"");
            assertRefused("JWT_SIGNING_JWK_FILE", "not a valid JWK", "JWT_ALG", "EdDSA", "JWT_SIGNING_JWK_FILE", garbage.toString());
        }

        @Test
        @DisplayName("an EdDSA key given for ES256 (and the reverse) is refused at startup")
        void wrongKeyTypeIsRefused() {
            assertRefused("JWT_SIGNING_JWK_FILE", "does not hold a key for JWT_ALG=ES256", "JWT_ALG", "ES256",
                    "JWT_SIGNING_JWK_FILE", generated("EdDSA", "ed.json").toString());
            assertRefused("JWT_SIGNING_JWK_FILE", "does not hold a key for JWT_ALG=EdDSA", "JWT_ALG", "EdDSA",
                    "JWT_SIGNING_JWK_FILE", generated("ES256", "ec.json").toString());
        }

        @Test
        @DisplayName("a public JWK cannot be a signing key")
        void publicJwkIsRefused() throws IOException {
            var pair = Jwts.SIG.ES256.keyPair().build();
            String json = Jwks.json(Jwks.builder().key((ECPublicKey) pair.getPublic()).idFromThumbprint().build());
            Path file = Files.writeString(dir.resolve("public.json"), json);
            assertRefused("JWT_SIGNING_JWK_FILE", "must hold a private JWK", "JWT_ALG", "ES256", "JWT_SIGNING_JWK_FILE", file.toString());
        }

        @Test
        @DisplayName("a JWK without kid is refused")
        void jwkWithoutKidIsRefused() throws IOException {
            var pair = Jwts.SIG.ES256.keyPair().build();
            String json = Jwks.UNSAFE_JSON(Jwks.builder().ecKeyPair(pair).build());
            Path file = Files.writeString(dir.resolve("nokid.json"), json);
            assertRefused("JWT_SIGNING_JWK_FILE", "kid", "JWT_ALG", "ES256", "JWT_SIGNING_JWK_FILE", file.toString());
        }

        @Test
        @DisplayName("JWT_SECRET next to ES256 is ignored (with a warning): no HS256 key is accepted")
        void secretWithAsymmetricIsIgnored() {
            TokenKeys ec = keys("JWT_ALG", "ES256", "JWT_SECRET", TestSecrets.CURRENT,
                    "JWT_SIGNING_JWK_FILE", generated("ES256", "ec.json").toString());
            assertThat(ec.verificationKeys()).containsOnlyKeys(ec.signingKid());
            assertThat(ec.verificationKeys().get(ec.signingKid())).isInstanceOf(PublicKey.class);
        }

        @Test
        @DisplayName("a private key in the verification JWKS file is refused")
        void privateKeyInJwksIsRefused() throws IOException {
            String privateJwk = Files.readString(generated("ES256", "other.json"));
            Path set = Files.writeString(dir.resolve("set.json"), "{\"keys\":[" + privateJwk + "]}");
            assertRefused("JWT_VERIFICATION_JWKS_FILE", "public keys only", "JWT_ALG", "ES256",
                    "JWT_SIGNING_JWK_FILE", generated("ES256", "ec.json").toString(), "JWT_VERIFICATION_JWKS_FILE", set.toString());
        }

        @ParameterizedTest(name = "{0}: the signing key's public half is published, never the private part")
        @ValueSource(strings = {"ES256", "EdDSA"})
        void publicHalfIsPublished(String alg) {
            TokenKeys keys = keys("JWT_ALG", alg, "JWT_SIGNING_JWK_FILE", generated(alg, "signing.json").toString());
            assertThat(keys.algorithmId()).isEqualTo(alg);
            assertThat(keys.jwksJson()).get().asString()
                    .contains("\"kid\":\"" + keys.signingKid() + "\"").doesNotContain("\"d\"");
        }
    }

    @Nested
    @DisplayName("generate-jwk")
    class Generate {
        @TempDir
        Path dir;

        @Test
        @DisplayName("writes a private JWK readable by its owner only, with kid and alg")
        void writesPrivateJwk() throws IOException {
            Path file = dir.resolve("ed.json");
            assertThat(GenerateJwk.run("EdDSA", file.toString())).isZero();
            String json = Files.readString(file);
            assertThat(json).contains("\"d\"", "\"kid\"", "\"crv\":\"Ed25519\"", "\"alg\":\"EdDSA\"");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }

        @Test
        @DisplayName("never overwrites an existing key, and refuses unknown algorithms")
        void refusesToOverwrite() throws IOException {
            Path file = Files.writeString(dir.resolve("existing.json"), "keep me");
            assertThat(GenerateJwk.run("ES256", file.toString())).isNotZero();
            assertThat(Files.readString(file)).isEqualTo("keep me");
            assertThat(GenerateJwk.run("HS256", dir.resolve("x.json").toString())).isNotZero();
            assertThat(GenerateJwk.run("ES256")).isNotZero();
        }
    }
}
