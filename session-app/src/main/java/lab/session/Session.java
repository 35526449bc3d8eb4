package lab.session;

import java.util.List;
import lab.common.users.User;

/**
 * What the server remembers about a logged-in user. The cookie carries only the id.
 *
 * @param createdAt        epoch seconds of the login: the absolute timeout counts from here
 * @param csrfToken        the synchronizer token a state-changing request must echo
 */
public record Session(String id, String username, List<String> roles, String csrfToken, long createdAt) {

    public User user() {
        return new User(username, roles);
    }

    /** The same login under a new id: what refresh and fixation protection need. */
    public Session withId(String newId) {
        return new Session(newId, username, roles, csrfToken, createdAt);
    }

    /** Without the id and the CSRF token: whoever holds either can act as this user, so no log may show them. */
    @Override
    public String toString() {
        return "Session[username=" + username + ", roles=" + roles + ", createdAt=" + createdAt + "]";
    }
}
