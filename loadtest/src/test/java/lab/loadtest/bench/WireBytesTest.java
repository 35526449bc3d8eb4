package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import lab.loadtest.http.Call;
import lab.loadtest.http.Credential;
import lab.loadtest.http.Exchanges;
import lab.loadtest.http.LabApi;
import lab.loadtest.http.Reply;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Bytes on the wire")
class WireBytesTest {
    static final String SID = "SID=" + "a".repeat(43) + ".sticky-app-1";
    static final String UA = "Jetty/test";

    @Test
    @DisplayName("count the request as the client sends it: request line, Host, User-Agent, ours, the blank line")
    void request() {
        var api = new LabApi(URI.create("http://127.0.0.1:8083"), Duration.ofSeconds(1));
        var credential = new Credential.SessionCookie(SID, "csrf");
        int expected = "GET /api/me HTTP/1.1\r\n".length() + "Host: 127.0.0.1:8083\r\n".length()
                + ("User-Agent: " + UA + "\r\n").length() + ("Cookie: " + SID + "\r\n").length() + 2;
        assertThat(WireBytes.request(api.me(credential), UA)).isEqualTo(expected);
    }

    @Test
    @DisplayName("match, byte for byte, what the HTTP client really writes, for a GET with a credential and a POST with a body")
    void matchesTheClient() throws Exception {
        var credential = new Credential.SessionCookie(SID, "csrf-token");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Exchanges exchanges = new Exchanges(1, 1)) {
            var api = new LabApi(URI.create("http://127.0.0.1:" + server.getLocalPort()), Duration.ofSeconds(5));
            for (Call call : new Call[] {api.me(credential), api.transfer(credential)}) {
                CompletableFuture<Reply> reply = exchanges.send(call);
                byte[] sent = readRequestAndAnswer(server, call.body().length());
                assertThat(reply.get().status()).isEqualTo(200);
                assertThat(WireBytes.request(call, exchanges.userAgent())).as(new String(sent, StandardCharsets.ISO_8859_1))
                        .isEqualTo(sent.length);
            }
        }
    }

    /** One request on one connection, read up to the end of its body, answered with 200 and closed. */
    private static byte[] readRequestAndAnswer(ServerSocket server, int bodyLength) throws IOException {
        try (Socket socket = server.accept(); InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            while (!request.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                request.write(in.read());
            }
            request.write(in.readNBytes(bodyLength));
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return request.toByteArray();
        }
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
        var headers = HttpFields.build().add("Content-Length", "2").add("X-Instance", "a").asImmutable();
        var reply = new Reply(200, headers, "{}", 0, 1, null);
        int expected = "HTTP/1.1 200 OK\r\n".length() + "Content-Length: 2\r\n".length() + "X-Instance: a\r\n".length() + 2 + 2;
        assertThat(WireBytes.response(reply)).isEqualTo(expected);
    }
}
