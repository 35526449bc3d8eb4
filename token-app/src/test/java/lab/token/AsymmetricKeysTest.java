package lab.token;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.javalin.Javalin;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.Keys;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.SignatureAlgorithm;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lab.common.config.Env;
import lab.token.keys.GenerateJwk;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ES256 and EdDSA end to end: keys from JWK files, public keys served as a JWKS, nothing else accepted. */
@DisplayName("token-app with ES256 and EdDSA")
class AsymmetricKeysTest {
    @TempDir
    Path dir;
    private final List<Javalin> running = new ArrayList<>();

    @AfterEach
    void stop() {
        running.forEach(Javalin::stop);
    }

    private Path generate(String alg, String name) {
        Path file = dir.resolve(name);
        assertThat(GenerateJwk.run(alg, file.toString())).isZero();
        return file;
    }

    private RequestSpecification start(Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "INSTANCE_ID", "asym", "REVOCATION", "off"));
        env.putAll(extra);
        Javalin app = TokenApp.create(new Env(env)).start();
        running.add(app);
        return given().baseUri("http://127.0.0.1:" + app.port());
    }

    private static String login(RequestSpecification app) {
        return app.contentType("application/json").body(Map.of("username", "bob", "password", "bob-pw"))
                .post("/auth/login").then().statusCode(200).extract().path("access_token");
    }

    private static String header(String token) {
        return new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
    }

    private static PrivateJwk<?, ?, ?> privateJwk(Path file) throws IOException {
        return (PrivateJwk<?, ?, ?>) Jwks.parser().build().parse(Files.readString(file));
    }

    /** A token like the app's own, signed by a key of the test's choosing. */
    private static String forged(String kid, PrivateKey key, SignatureAlgorithm alg) {
        Instant now = Instant.now();
        return Jwts.builder().header().type("at+jwt").keyId(kid).and().issuer("session-vs-token-lab").audience().single("lab-api")
                .subject("bob").claim("roles", List.of("user", "admin")).issuedAt(Date.from(now)).notBefore(Date.from(now))
                .expiration(Date.from(now.plusSeconds(300))).id(UUID.randomUUID().toString()).claim("fam", "f")
                .claim("fam_exp", now.plusSeconds(3600).getEpochSecond())
                .signWith(key, alg).compact();
    }

    @ParameterizedTest(name = "{0}: login, use, and verify the token with nothing but the published JWKS")
    @ValueSource(strings = {"ES256", "EdDSA"})
    void endToEnd(String alg) throws IOException {
        Path signing = generate(alg, "signing.json");
        String kid = privateJwk(signing).getId();
        RequestSpecification app = start(Map.of("JWT_ALG", alg, "JWT_SIGNING_JWK_FILE", signing.toString()));

        String token = login(app);
        assertThat(header(token)).contains("\"alg\":\"" + alg + "\"", "\"kid\":\"" + kid + "\"");
        app.header("Authorization", "Bearer " + token).get("/api/admin").then().statusCode(200);

        Response jwks = app.get("/.well-known/jwks.json");
        jwks.then().statusCode(200).contentType("application/jwk-set+json")
                .header("Cache-Control", containsString("max-age"))
                .body("keys[0].kid", equalTo(kid));
        assertThat(jwks.asString()).doesNotContain("\"d\"");

        // A third party (gateway, other service) verifies with the published public key only.
        JwkSet set = Jwks.setParser().build().parse(jwks.asString());
        Jwk<?> published = set.getKeys().iterator().next();
        Claims claims = Jwts.parser().verifyWith((PublicKey) published.toKey()).build().parseSignedClaims(token).getPayload();
        assertThat(claims.getSubject()).isEqualTo("bob");
    }

    @ParameterizedTest(name = "{0}: a token signed by another key under the same kid is refused")
    @ValueSource(strings = {"ES256", "EdDSA"})
    void otherKeyUnderOurKidIsRefused(String alg) throws IOException {
        Path signing = generate(alg, "signing.json");
        PrivateJwk<?, ?, ?> attacker = privateJwk(generate(alg, "attacker.json"));
        RequestSpecification app = start(Map.of("JWT_ALG", alg, "JWT_SIGNING_JWK_FILE", signing.toString()));
        String forged = forged(privateJwk(signing).getId(), attacker.toKey(),
                alg.equals("ES256") ? Jwts.SIG.ES256 : Jwts.SIG.EdDSA);
        app.header("Authorization", "Bearer " + forged).get("/api/me").then().statusCode(401)
                .header("WWW-Authenticate", containsString("signature does not verify"));
    }

    @ParameterizedTest(name = "{0}: alg confusion, HS256 keyed with the public key, is refused")
    @ValueSource(strings = {"ES256", "EdDSA"})
    void hmacWithThePublicKeyIsRefused(String alg) throws IOException {
        Path signing = generate(alg, "signing.json");
        RequestSpecification app = start(Map.of("JWT_ALG", alg, "JWT_SIGNING_JWK_FILE", signing.toString()));
        // The classic attack: the public key is public, and a verifier that takes the algorithm from the
        // token uses "the key" as an HMAC secret. Those bytes are what such libraries hold: the key's DER
        // encoding (SubjectPublicKeyInfo), or its PEM text.
        byte[] der = privateJwk(signing).toPublicJwk().toKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        for (byte[] publicBytes : List.of(der, pem.getBytes(StandardCharsets.US_ASCII))) {
            String confused = Jwts.builder().header().type("at+jwt").keyId(privateJwk(signing).getId()).and()
                    .issuer("session-vs-token-lab").audience().single("lab-api").subject("bob")
                    .claim("roles", List.of("admin")).issuedAt(new Date())
                    .expiration(Date.from(Instant.now().plusSeconds(300)))
                    .id("x").claim("fam", "f").claim("fam_exp", Instant.now().plusSeconds(3600).getEpochSecond())
                    .signWith(Keys.hmacShaKeyFor(publicBytes), Jwts.SIG.HS256).compact();
            app.header("Authorization", "Bearer " + confused).get("/api/me").then().statusCode(401)
                    .header("WWW-Authenticate", containsString("invalid_token"));
        }
    }

    @Test
    @DisplayName("extra public keys from JWT_VERIFICATION_JWKS_FILE are accepted and published (rotation, other issuers' instances)")
    void extraPublicKeysAreAccepted() throws IOException {
        Path signing = generate("EdDSA", "signing.json");
        PrivateJwk<?, ?, ?> previous = privateJwk(generate("EdDSA", "previous.json"));
        Path set = Files.writeString(dir.resolve("previous-jwks.json"), "{\"keys\":[" + Jwks.json(previous.toPublicJwk()) + "]}");
        RequestSpecification app = start(Map.of("JWT_ALG", "EdDSA", "JWT_SIGNING_JWK_FILE", signing.toString(),
                "JWT_VERIFICATION_JWKS_FILE", set.toString()));
        String signedWithPrevious = forged(previous.getId(), previous.toKey(), Jwts.SIG.EdDSA);
        app.header("Authorization", "Bearer " + signedWithPrevious).get("/api/me").then().statusCode(200);
        app.get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kid", Matchers.contains(privateJwk(signing).getId(), previous.getId()));
    }

    @Test
    @DisplayName("HS256 has no public key: /.well-known/jwks.json is a 404 problem")
    void hmacPublishesNothing() {
        start(Map.of("JWT_SECRET", TestSecrets.CURRENT)).get("/.well-known/jwks.json").then().statusCode(404)
                .contentType("application/problem+json");
    }
}
