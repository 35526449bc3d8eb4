package lab.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/** The attacker's use of the loot, from outside the browser: plain HTTP to the stacks through nginx. */
final class Replay {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(Instant at, int status) {
    }

    /** A refresh's status and, when it worked, the access token it minted. */
    record Tokens(int status, String access) {
    }

    private Replay() {
    }

    static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    /** GET /api/me on a stack with these headers (and no cookie: this JVM never had one). */
    static int me(String stack, Map<String, String> headers) {
        return Http.get(stack + "/api/me", headers).statusCode();
    }

    /** POST /auth/refresh on the token stack ({@code tokens}, its base URL) with a refresh token. */
    static Tokens refresh(String tokens, String refreshToken) {
        HttpResponse<String> response = Http.postJson(tokens + "/auth/refresh",
                JSON.createObjectNode().put("refresh_token", refreshToken).toString());
        return new Tokens(response.statusCode(), response.statusCode() == 200 ? read(response.body()).path("access_token").asText() : "");
    }

    /** A JWT's exp, read from its payload (no verification needed: the server's answer is the test). */
    static Instant expiry(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Instant.ofEpochSecond(read(payload).path("exp").asLong());
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
