package lab.loadtest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.HttpCookie;
import java.util.Optional;

/** Turns a login response into the credential it grants, whichever mechanism the stack uses. */
public final class Login {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String SESSION_COOKIE = "SID";

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

    /** {@code SID=value} from the Set-Cookie headers, as a client sends it back in {@code Cookie}. */
    static Optional<String> sessionCookie(Reply reply) {
        for (String header : reply.headers().allValues("Set-Cookie")) {
            for (HttpCookie cookie : HttpCookie.parse(header)) {
                if (cookie.getName().equals(SESSION_COOKIE) && !cookie.getValue().isEmpty()) {
                    return Optional.of(SESSION_COOKIE + "=" + cookie.getValue());
                }
            }
        }
        return Optional.empty();
    }
}
