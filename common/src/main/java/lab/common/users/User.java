package lab.common.users;

import java.util.List;

/** Who someone is once authenticated: the only identity data the two apps carry around. */
public record User(String username, List<String> roles) {
    public User {
        roles = List.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
