package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import lab.loadtest.http.Credential;
import lab.loadtest.http.LabApi;
import lab.loadtest.http.Reply;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bytes on the wire")
class WireBytesTest {
    static final String SID = "SID=" + "a".repeat(43) + ".sticky-app-1";

    @Test
    @DisplayName("count the request as the JDK client sends it: request line, its three headers, ours, the blank line")
    void request() {
        var api = new LabApi(URI.create("http://127.0.0.1:8083"), Duration.ofSeconds(1));
        var credential = new Credential.SessionCookie(SID, "csrf");
        // GET /api/me HTTP/1.1 | Content-Length: 0 | Host: 127.0.0.1:8083 | User-Agent: Java-http-client/V | Cookie: SID=...
        int expected = "GET /api/me HTTP/1.1\r\n".length() + "Content-Length: 0\r\n".length()
                + "Host: 127.0.0.1:8083\r\n".length() + ("User-Agent: Java-http-client/" + System.getProperty("java.version") + "\r\n").length()
                + ("Cookie: " + SID + "\r\n").length() + 2;
        assertThat(WireBytes.request(api.me(credential), "")).isEqualTo(expected);
    }

    @Test
    @DisplayName("tell the credential itself and its header line apart")
    void credential() {
        var session = new Credential.SessionCookie(SID, "csrf");
        assertThat(WireBytes.credentialValue(session)).isEqualTo(43 + ".sticky-app-1".length());
        assertThat(WireBytes.credential(session)).isEqualTo(("Cookie: " + SID + "\r\n").length());
        var bearer = new Credential.Bearer("x".repeat(313), "r");
        assertThat(WireBytes.credentialValue(bearer)).isEqualTo(313);
        assertThat(WireBytes.credential(bearer)).isEqualTo(("Authorization: Bearer " + "x".repeat(313) + "\r\n").length());
        assertThat(WireBytes.credential(new Credential.None())).isZero();
    }

    @Test
    @DisplayName("count the answer's status line, headers and body")
    void response() {
        var headers = HttpHeaders.of(Map.of("Content-Length", List.of("2"), "X-Instance", List.of("a")), (a, b) -> true);
        var reply = new Reply(200, headers, "{}", 0, 1, null);
        int expected = "HTTP/1.1 200 OK\r\n".length() + "Content-Length: 2\r\n".length() + "X-Instance: a\r\n".length() + 2 + 2;
        assertThat(WireBytes.response(reply)).isEqualTo(expected);
    }
}
