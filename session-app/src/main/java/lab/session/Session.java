package lab.session;

/**
 * What the server remembers about a logged-in user. The cookie carries only the id. Not the user's
 * roles: those are read from the directory at every request, so a role change applies at once
 * (which a token, carrying a copy of them, cannot do).
 *
 * @param createdAt        epoch seconds of the login: the absolute timeout counts from here
 * @param csrfToken        the synchronizer token a state-changing request must echo
 */
public record Session(String id, String username, String csrfToken, long createdAt) {

    /** The same login under a new id: what refresh and fixation protection need. */
    public Session withId(String newId) {
        return new Session(newId, username, csrfToken, createdAt);
    }

    /** Without the id and the CSRF token: whoever holds either can act as this user, so no log may show them. */
    @Override
    public String toString() {
        return "Session[username=" + username + ", createdAt=" + createdAt + "]";
    }
}
