package lab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import io.restassured.response.Response;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import lab.common.contract.AppUnderTest;
import lab.common.contract.LabInstances;
import lab.token.dpop.DpopProofs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** DPOP=on: tokens bound to the client's key (RFC 9449); a copy without the key is worth nothing. */
@DisplayName("token-app with DPOP=on")
@Tag("docker") // a real Redis (the proofs' replay cache, refresh tokens)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DpopTest extends LabInstances {
    private final KeyPair clientKey = Jwts.SIG.ES256.keyPair().build();
    private final KeyPair otherKey = Jwts.SIG.ES256.keyPair().build();

    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest(Map.of("DPOP", "on"));
    }

    /** A proof as RFC 9449 section 4.2 describes it, by {@code key}. */
    private static String proof(KeyPair key, String method, String url, String accessToken, Instant issuedAt, String jti) {
        PublicJwk<?> jwk = Jwks.builder().key(key.getPublic()).build();
        var builder = Jwts.builder().header().type("dpop+jwt").jwk(jwk).and()
                .id(jti).claim("htm", method).claim("htu", url).issuedAt(Date.from(issuedAt));
        if (accessToken != null) {
            builder.claim("ath", DpopProofs.tokenHash(accessToken));
        }
        return builder.signWith(key.getPrivate(), Jwts.SIG.ES256).compact();
    }

    private String proof(KeyPair key, String method, String url, String accessToken) {
        return proof(key, method, url, accessToken, Instant.now(), UUID.randomUUID().toString());
    }

    private Response loginWith(KeyPair key) {
        return at(instanceA).header("DPoP", proof(key, "POST", instanceA + "/auth/login", null))
                .contentType("application/json").body(Map.of("username", "alice", "password", "alice-pw")).post("/auth/login");
    }

    private Response me(String base, String scheme, String token, String proof) {
        var request = at(base).header("Authorization", scheme + " " + token);
        return (proof == null ? request : request.header("DPoP", proof)).get("/api/me");
    }

    @Test
    @DisplayName("login needs a proof, and answers a DPoP token bound to the proof's key (cnf.jkt)")
    void loginBindsTheToken() {
        loginResponse(instanceA, "alice", "alice-pw").then().statusCode(401).contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", containsString("DPoP"));
        Response login = loginWith(clientKey);
        login.then().statusCode(200).body("token_type", equalTo("DPoP"));
        String payload = new String(Base64.getUrlDecoder().decode(login.<String>path("access_token").split("\\.")[1]));
        assertThat(payload).contains("\"cnf\":{\"jkt\":\"");
    }

    @Test
    @DisplayName("the token works with a fresh proof by its key on every instance; as Bearer, without a proof, or with another key's, it is a 401")
    void onlyTheKeyHolderCanUseIt() {
        String token = loginWith(clientKey).path("access_token");
        me(instanceB, "DPoP", token, proof(clientKey, "GET", instanceB + "/api/me", token)).then().statusCode(200)
                .body("username", equalTo("alice"));
        me(instanceB, "Bearer", token, null).then().statusCode(401).contentType(PROBLEM_JSON);
        me(instanceB, "DPoP", token, null).then().statusCode(401);
        me(instanceB, "DPoP", token, proof(otherKey, "GET", instanceB + "/api/me", token)).then().statusCode(401)
                .header("WWW-Authenticate", containsString("invalid_dpop_proof"));
    }

    @Test
    @DisplayName("a proof is good once, for its method, URL and token, within 60 s of its iat")
    void proofsAreNarrow() {
        String token = loginWith(clientKey).path("access_token");
        String url = instanceA + "/api/me";
        String once = proof(clientKey, "GET", url, token);
        me(instanceA, "DPoP", token, once).then().statusCode(200);
        me(instanceB, "DPoP", token, once).then().statusCode(401); // replayed, on the other instance
        me(instanceA, "DPoP", token, proof(clientKey, "POST", url, token)).then().statusCode(401);
        me(instanceA, "DPoP", token, proof(clientKey, "GET", instanceA + "/api/transfers", token)).then().statusCode(401);
        me(instanceA, "DPoP", token, proof(clientKey, "GET", url, "another.token.value")).then().statusCode(401);
        me(instanceA, "DPoP", token, proof(clientKey, "GET", url, token, Instant.now().minusSeconds(120), UUID.randomUUID().toString()))
                .then().statusCode(401);
    }

    @Test
    @DisplayName("refresh needs a proof by the login's key; a stolen refresh token with another key ends the login")
    void refreshIsBoundToo() {
        Response login = loginWith(clientKey);
        String refresh = login.path("refresh_token");
        Response refreshed = at(instanceB).header("DPoP", proof(clientKey, "POST", instanceB + "/auth/refresh", null))
                .contentType("application/json").body(Map.of("refresh_token", refresh)).post("/auth/refresh");
        refreshed.then().statusCode(200).body("token_type", equalTo("DPoP"));
        at(instanceA).header("DPoP", proof(otherKey, "POST", instanceA + "/auth/refresh", null))
                .contentType("application/json").body(Map.of("refresh_token", refreshed.<String>path("refresh_token")))
                .post("/auth/refresh").then().statusCode(401).body("type", containsString("refresh-token-bound-elsewhere"));
        String newest = refreshed.path("access_token");
        me(instanceA, "DPoP", newest, proof(clientKey, "GET", instanceA + "/api/me", newest)).then().statusCode(401);
    }

    @Test
    @DisplayName("a token that does not verify is challenged in the DPoP scheme (error=invalid_token), not as Bearer (RFC 9449 section 7.1)")
    void refusedTokensAreChallengedAsDpop() {
        String token = loginWith(clientKey).path("access_token");
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA";
        me(instanceA, "DPoP", forged, proof(clientKey, "GET", instanceA + "/api/me", forged)).then().statusCode(401)
                .contentType(PROBLEM_JSON)
                .header("WWW-Authenticate", allOf(startsWith("DPoP "), containsString("error=\"invalid_token\"")));
    }
}
