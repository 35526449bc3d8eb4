package lab.loadtest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.HttpCookie;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a login response into the credential it grants, whichever mechanism the stack uses. */
public final class Login {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Login() {
    }

    /** The credential of a successful login; empty for anything else (an error, a body we do not understand). */
    public static Optional<Credential> credential(Reply reply) {
        if (!reply.success()) {
            return Optional.empty();
        }
        JsonNode body;
        try {
            body = JSON.readTree(reply.body());
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        String access = body.path("access_token").asText("");
        if (!access.isEmpty()) {
            return Optional.of(new Credential.Bearer(access, body.path("refresh_token").asText("")));
        }
        String csrf = body.path("csrfToken").asText("");
        return sessionCookie(reply).filter(c -> !csrf.isEmpty()).map(cookie -> new Credential.SessionCookie(cookie, csrf));
    }

    /**
     * How long a refused login asks the client to wait ({@code Retry-After} in seconds, RFC 9110; sent
     * with 429 and 503 by the login admission control and by nginx's login rate limit). Empty when the
     * header is missing or not a number of seconds (the HTTP-date form is not used by the lab).
     */
    public static Optional<Duration> retryAfter(Reply reply) {
        if (reply.status() != 429 && reply.status() != 503) {
            return Optional.empty();
        }
        return reply.header("Retry-After").filter(v -> v.matches("[0-9]{1,5}"))
                .map(v -> Duration.ofSeconds(Long.parseLong(v)));
    }

    /**
     * The cookies the login set, as a client sends them back ({@code Cookie: SID=...}). Whatever their
     * names: the stacks name their session cookie differently (SID, STICKY_SID), because browsers
     * scope cookies by host, not by port.
     */
    static Optional<String> sessionCookie(Reply reply) {
        List<String> pairs = new ArrayList<>();
        for (String header : reply.headers().getValuesList("Set-Cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (!cookie.getValue().isEmpty() && cookie.getMaxAge() != 0) {
                    pairs.add(cookie.getName() + "=" + cookie.getValue());
                }
            }
        }
        return pairs.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", pairs));
    }
}
