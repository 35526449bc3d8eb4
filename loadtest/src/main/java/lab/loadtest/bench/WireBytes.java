package lab.loadtest.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import lab.loadtest.http.Call;
import lab.loadtest.http.Credential;
import lab.loadtest.http.Reply;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * Bytes on the wire of one request and its answer, HTTP/1.1, reconstructed from the headers (the
 * client does not expose the raw bytes). The request is what this client sends: Jetty adds
 * {@code Host} and {@code User-Agent}, and {@code Content-Type} and {@code Content-Length} with a body;
 * a browser adds more, but the same for every mechanism. The part that differs between mechanisms is
 * {@code credential}.
 *
 * @param request         request line, headers and body as sent
 * @param credential      the header lines the credential adds ({@code Cookie: SID=...} or
 *                        {@code Authorization: Bearer ...}, each with its CRLF)
 * @param credentialValue the credential itself: the cookie's value or the token
 * @param response        status line, headers and body of the answer
 * @param loginResponse   the answer to the login (once per login: Set-Cookie, or the tokens in the body)
 */
public record WireBytes(int request, int credential, int credentialValue, int response, int loginResponse) {
    private static final Map<Integer, String> REASONS = Map.of(200, "OK", 201, "Created", 204, "No Content",
            401, "Unauthorized", 403, "Forbidden", 404, "Not Found", 502, "Bad Gateway", 503, "Service Unavailable",
            504, "Gateway Timeout");

    public static WireBytes of(Call call, String userAgent, Credential credential, Reply reply, Reply login) {
        return new WireBytes(request(call, userAgent), credential(credential), credentialValue(credential),
                response(reply), login == null ? 0 : response(login));
    }

    static int request(Call call, String userAgent) {
        URI uri = call.uri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        int bytes = line(call.method() + " " + target + " HTTP/1.1");
        bytes += header("Host", uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        bytes += header("User-Agent", userAgent);
        int bodyBytes = call.body().getBytes(StandardCharsets.UTF_8).length;
        if (call.hasBody()) {
            bytes += header("Content-Type", "application/json") + header("Content-Length", Integer.toString(bodyBytes));
        }
        for (Map.Entry<String, String> entry : call.headers().entrySet()) {
            bytes += header(entry.getKey(), entry.getValue());
        }
        return bytes + 2 + bodyBytes;
    }

    static int response(Reply reply) {
        int bytes = line("HTTP/1.1 " + reply.status() + " " + REASONS.getOrDefault(reply.status(), "Unknown"));
        bytes += headers(reply.headers());
        return bytes + 2 + reply.body().getBytes(StandardCharsets.UTF_8).length;
    }

    static int credential(Credential credential) {
        return credential.headers(false).entrySet().stream().mapToInt(e -> header(e.getKey(), e.getValue())).sum();
    }

    static int credentialValue(Credential credential) {
        if (credential instanceof Credential.Bearer bearer) {
            return bearer.accessToken().length();
        }
        if (credential instanceof Credential.SessionCookie session) {
            return session.cookie().length() - session.cookie().indexOf('=') - 1;
        }
        return 0;
    }

    private static int headers(HttpFields headers) {
        int bytes = 0;
        for (HttpField field : headers) {
            bytes += header(field.getName(), field.getValue());
        }
        return bytes;
    }

    private static int header(String name, String value) {
        return line(name + ": " + value);
    }

    private static int line(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1).length + 2;
    }
}
