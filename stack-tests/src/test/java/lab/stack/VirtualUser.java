package lab.stack;

import static io.restassured.RestAssured.given;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;

/**
 * One logged-in person on one stack, the way a browser or mobile app would behave: it keeps its
 * credential, calls the API, and when told 401 it logs in again (a forced re-login).
 */
public final class VirtualUser {
    /** A request that gets no answer within this time counts as failed (no hang can stall a test). */
    private static final RestAssuredConfig TIMEOUTS = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.connection.timeout", 5000).setParam("http.socket.timeout", 8000));

    public record Answer(int status, String instance, long millis) {
        static Answer failed(long millis) {
            return new Answer(-1, "", millis);
        }
    }

    private final String baseUri;
    private final String username;
    private Map<String, String> headers = Map.of();
    private Map<String, String> cookies = Map.of();

    public VirtualUser(String baseUri, String username) {
        this.baseUri = baseUri;
        this.username = username;
    }

    public static RequestSpecification request(String baseUri) {
        return given().config(TIMEOUTS).baseUri(baseUri);
    }

    /** Logs in; returns the answer so that a failed login is counted like any other request. */
    public Answer login() {
        long start = System.nanoTime();
        try {
            Response response = request(baseUri).contentType("application/json")
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
        } else {
            headers = Map.of("X-CSRF-Token", login.path("csrfToken"));
            cookies = Map.copyOf(login.cookies()); // whatever the stack names its session cookie
        }
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
        return new Answer(response.statusCode(), instance == null ? "" : instance, elapsed(start));
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
