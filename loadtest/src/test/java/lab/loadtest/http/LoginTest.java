package lab.loadtest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A login answer")
class LoginTest {

    static Reply answer(int status, Map<String, List<String>> headers, String body) {
        HttpFields.Mutable fields = HttpFields.build();
        headers.forEach((name, values) -> values.forEach(value -> fields.add(name, value)));
        return new Reply(status, fields.asImmutable(), body, 0, 1, null);
    }

    @Test
    @DisplayName("from a session stack gives its cookie, whatever its name, and the CSRF token")
    void session() {
        Reply reply = answer(200, Map.of("Set-Cookie", List.of("STICKY_SID=abc.sticky-app-1; Path=/; HttpOnly; SameSite=Lax")),
                "{\"username\":\"alice\",\"csrfToken\":\"t0k\"}");
        assertThat(Login.credential(reply)).contains(new Credential.SessionCookie("STICKY_SID=abc.sticky-app-1", "t0k"));
    }

    @Test
    @DisplayName("from the token stack gives the access and refresh tokens")
    void token() {
        Reply reply = answer(200, Map.of(), "{\"access_token\":\"a.b.c\",\"refresh_token\":\"r\",\"expires_in\":900}");
        assertThat(Login.credential(reply)).contains(new Credential.Bearer("a.b.c", "r"));
    }

    @Test
    @DisplayName("gives nothing when the login failed or the answer is not one we understand")
    void nothing() {
        assertThat(Login.credential(answer(401, Map.of(), "{\"title\":\"Unauthorized\"}"))).isEmpty();
        assertThat(Login.credential(answer(504, Map.of(), "<html>"))).isEmpty();
        assertThat(Login.credential(answer(200, Map.of(), "not json"))).isEmpty();
        assertThat(Login.credential(answer(200, Map.of("Set-Cookie", List.of("SID=x")), "{}"))).isEmpty(); // no CSRF token
        assertThat(Login.credential(answer(200, Map.of("Set-Cookie", List.of("SID=; Max-Age=0")), "{\"csrfToken\":\"t\"}"))).isEmpty();
    }

    @Test
    @DisplayName("puts each credential's headers on the requests: the CSRF header only on state changes")
    void headers() {
        var session = new Credential.SessionCookie("SID=x", "t");
        assertThat(session.headers(false)).containsOnly(Map.entry("Cookie", "SID=x"));
        assertThat(session.headers(true)).containsOnly(Map.entry("Cookie", "SID=x"), Map.entry("X-CSRF-Token", "t"));
        assertThat(new Credential.Bearer("a.b.c", "r").headers(true)).containsOnly(Map.entry("Authorization", "Bearer a.b.c"));
    }

    @Test
    @DisplayName("refused with 429 or 503 and Retry-After says how many seconds to wait; other answers say nothing")
    void retryAfter() {
        assertThat(Login.retryAfter(answer(429, Map.of("Retry-After", List.of("7")), "{}"))).contains(Duration.ofSeconds(7));
        assertThat(Login.retryAfter(answer(503, Map.of("Retry-After", List.of("1")), "{}"))).contains(Duration.ofSeconds(1));
        assertThat(Login.retryAfter(answer(503, Map.of(), "{}"))).isEmpty();
        assertThat(Login.retryAfter(answer(401, Map.of("Retry-After", List.of("7")), "{}"))).isEmpty();
        assertThat(Login.retryAfter(answer(429, Map.of("Retry-After", List.of("Wed, 21 Oct 2015 07:28:00 GMT")), "{}"))).isEmpty();
    }
}
