package lab.common.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("demo users and password hashes")
class UserDirectoryTest {
    private final UserDirectory users = UserDirectory.inMemory();

    @Test
    @DisplayName("the right password authenticates, with the user's roles")
    void rightPassword() {
        assertThat(users.authenticate("bob", "bob-pw".toCharArray()))
                .hasValueSatisfying(user -> assertThat(user.roles()).containsExactly("user", "admin"));
    }

    @Test
    @DisplayName("a wrong password, another user's password and an unknown user all fail")
    void wrongPasswords() {
        assertThat(users.authenticate("alice", "bob-pw".toCharArray())).isEmpty();
        assertThat(users.authenticate("alice", "Alice-pw".toCharArray())).isEmpty();
        assertThat(users.authenticate("mallory", "alice-pw".toCharArray())).isEmpty();
    }

    @Test
    @DisplayName("after a role change, login and lookup answer the new roles; an unknown user changes nothing")
    void roleChanges() {
        assertThat(users.changeRoles("alice", List.of("user", "admin")))
                .hasValueSatisfying(user -> assertThat(user.roles()).containsExactly("user", "admin"));
        assertThat(users.find("alice")).hasValueSatisfying(user -> assertThat(user.hasRole("admin")).isTrue());
        assertThat(users.authenticate("alice", "alice-pw".toCharArray()))
                .hasValueSatisfying(user -> assertThat(user.roles()).containsExactly("user", "admin"));
        assertThat(users.changeRoles("mallory", List.of("admin"))).isEmpty();
        assertThat(users.find("mallory")).isEmpty();
        assertThatThrownBy(() -> users.changeRoles("bob", List.of("root"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(UserDirectory.inMemory().find("alice")).hasValueSatisfying(user -> assertThat(user.roles()).containsExactly("user"));
    }

    @Test
    @DisplayName("a hash is salted: the same password hashes differently, and both verify")
    void saltedHashes() {
        String first = PasswordHash.hash("secret".toCharArray(), 1000);
        String second = PasswordHash.hash("secret".toCharArray(), 1000);
        assertThat(first).isNotEqualTo(second).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHash.matches("secret".toCharArray(), first)).isTrue();
        assertThat(PasswordHash.matches("secret!".toCharArray(), second)).isFalse();
    }
}
