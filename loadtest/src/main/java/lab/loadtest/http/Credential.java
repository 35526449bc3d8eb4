package lab.loadtest.http;

import java.util.Map;

/** What a client presents on each request after logging in, one implementation per mechanism. */
public sealed interface Credential permits Credential.None, Credential.SessionCookie, Credential.Bearer {

    /** The mechanism, as the reports name it: none, session, token. */
    String mechanism();

    /** The headers this credential adds; {@code stateChanging} is true for POST (CSRF header). */
    Map<String, String> headers(boolean stateChanging);

    /** No authentication: the baseline. */
    record None() implements Credential {
        @Override
        public String mechanism() {
            return "none";
        }

        @Override
        public Map<String, String> headers(boolean stateChanging) {
            return Map.of();
        }
    }

    /** The session stacks: cookie {@code SID} on every request, the CSRF token on state changes. */
    record SessionCookie(String cookie, String csrfToken) implements Credential {
        @Override
        public String mechanism() {
            return "session";
        }

        @Override
        public Map<String, String> headers(boolean stateChanging) {
            return stateChanging ? Map.of("Cookie", cookie, "X-CSRF-Token", csrfToken) : Map.of("Cookie", cookie);
        }
    }

    /** The token stack: the access token as a bearer token; the refresh token is kept but not used here. */
    record Bearer(String accessToken, String refreshToken) implements Credential {
        @Override
        public String mechanism() {
            return "token";
        }

        @Override
        public Map<String, String> headers(boolean stateChanging) {
            return Map.of("Authorization", "Bearer " + accessToken);
        }
    }
}
