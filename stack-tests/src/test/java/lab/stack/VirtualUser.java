package lab.stack;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * One logged-in person on one stack, the way a browser or mobile app would behave: it keeps its
 * credential, calls the API, and when told 401 it logs in again (a forced re-login).
 */
public final class VirtualUser {
    /** A request that gets no answer within this time counts as failed (no hang can stall a test). */
    private static final RestAssuredConfig TIMEOUTS = timeouts(8000);
    /**
     * A login waits longer than nginx does for it (proxy_read_timeout 15s on /auth/login), so that a
     * slow login is reported by nginx (504) rather than abandoned by the client while the server still
     * creates its session.
     */
    private static final RestAssuredConfig LOGIN_TIMEOUTS = timeouts(20_000);

    /** How long a login may keep obeying {@code Retry-After} before its refusal counts as the answer. */
    static final Duration LOGIN_PATIENCE = Duration.ofSeconds(30);

    /**
     * @param retryAfterSeconds the {@code Retry-After} of a 429 or 503, in seconds; 0 when there was none
     */
    public record Answer(int status, String instance, long millis, int retryAfterSeconds) {
        static Answer failed(long millis) {
            return new Answer(-1, "", millis, 0);
        }
    }

    private final String baseUri;
    private final String username;
    private Map<String, String> headers = Map.of();
    private Map<String, String> cookies = Map.of();
    private String refreshToken = "";

    public VirtualUser(String baseUri, String username) {
        this.baseUri = baseUri;
        this.username = username;
    }

    private static RestAssuredConfig timeouts(int socketTimeoutMillis) {
        return RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                .setParam("http.connection.timeout", 5000).setParam("http.socket.timeout", socketTimeoutMillis));
    }

    public static RequestSpecification request(String baseUri) {
        return request(baseUri, TIMEOUTS);
    }

    private static RequestSpecification request(String baseUri, RestAssuredConfig timeouts) {
        return given().config(timeouts).baseUri(baseUri);
    }

    /**
     * Logs in; returns the answer so that a failed login is counted like any other request. A login
     * refused for now (429 or 503 with {@code Retry-After}, the admission control) is tried again after
     * the time the server asked for, as a well-behaved client does, for at most {@link #LOGIN_PATIENCE}.
     */
    public Answer login() {
        return login(new Counts());
    }

    /** {@link #login()}, counting every attempt (the refused ones too) into {@code attempts}. */
    public Answer login(Counts attempts) {
        long start = System.nanoTime();
        while (true) {
            Answer answer = loginOnce();
            attempts.record(answer);
            long waitMillis = answer.retryAfterSeconds() * 1000L;
            if (waitMillis <= 0 || elapsed(start) + waitMillis > LOGIN_PATIENCE.toMillis()) {
                return new Answer(answer.status(), answer.instance(), elapsed(start), answer.retryAfterSeconds());
            }
            try {
                Thread.sleep(waitMillis); // the server's own instruction, not a guess at a condition
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer;
            }
        }
    }

    private Answer loginOnce() {
        long start = System.nanoTime();
        try {
            Response response = request(baseUri, LOGIN_TIMEOUTS).contentType("application/json")
                    .body(Map.of("username", username, "password", username + "-pw")).post("/auth/login");
            if (response.statusCode() == 200) {
                remember(response);
            }
            return answer(response, start);
        } catch (Exception e) { // REST Assured rethrows a read timeout as a checked exception, unannounced
            return Answer.failed(elapsed(start));
        }
    }

    private void remember(Response login) {
        String token = login.path("access_token");
        if (token != null) {
            headers = Map.of("Authorization", "Bearer " + token);
            cookies = Map.of();
            refreshToken = login.path("refresh_token");
        } else {
            headers = Map.of("X-CSRF-Token", login.path("csrfToken"));
            cookies = Map.copyOf(login.cookies()); // whatever the stack names its session cookie
        }
    }

    /** A claim of the access token this user holds (token stack only), read from its payload: the test's own view, not a verification. */
    public String tokenClaim(String name) {
        String token = headers.getOrDefault("Authorization", "").replace("Bearer ", "");
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalStateException("no access token held");
        }
        try {
            return new ObjectMapper().readTree(Base64.getUrlDecoder().decode(parts[1])).path(name).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Redis key in the slot where this user's login lives: the session's key ({@code session:} and
     * the SHA-256 of the id in the {@code SID} cookie) or the token family's revocation key, which
     * shares its slot with the family's refresh tokens. What a Redis Cluster shards by.
     */
    public String loginKey() {
        if (headers.containsKey("Authorization")) {
            return "revoked:fam:{" + tokenClaim("fam") + "}";
        }
        String cookie = cookies.get("SID");
        if (cookie == null) {
            throw new IllegalStateException("no Redis session held");
        }
        String id = cookie.substring(0, cookie.indexOf('.'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            return "session:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Trades the credential for a fresh one (POST /auth/refresh): with the refresh token on the token
     * stack, with the session cookie on the session stacks. A 200 replaces the credential.
     */
    public Answer refresh() {
        long start = System.nanoTime();
        RequestSpecification request = refreshToken.isEmpty() ? authenticated()
                : request(baseUri).contentType("application/json").body(Map.of("refresh_token", refreshToken));
        Response response = request.post("/auth/refresh");
        if (response.statusCode() == 200) {
            remember(response);
        }
        return answer(response, start);
    }

    public RequestSpecification authenticated() {
        return request(baseUri).headers(headers).cookies(cookies);
    }

    public Answer me() {
        long start = System.nanoTime();
        try {
            return answer(authenticated().get("/api/me"), start);
        } catch (Exception e) {
            return Answer.failed(elapsed(start));
        }
    }

    public Answer logout() {
        long start = System.nanoTime();
        return answer(authenticated().post("/auth/logout"), start);
    }

    private static Answer answer(Response response, long start) {
        String instance = response.header("X-Instance");
        return new Answer(response.statusCode(), instance == null ? "" : instance, elapsed(start),
                retryAfterSeconds(response));
    }

    /** {@code Retry-After} in seconds on a 429 or 503 (the lab never sends the HTTP-date form); else 0. */
    static int retryAfterSeconds(Response response) {
        String value = response.header("Retry-After");
        boolean refusal = response.statusCode() == 429 || response.statusCode() == 503;
        return refusal && value != null && value.matches("[0-9]{1,4}") ? Integer.parseInt(value) : 0;
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
