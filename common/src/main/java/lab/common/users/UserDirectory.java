package lab.common.users;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo users. Only their PBKDF2 hashes are kept (made with {@link PasswordHash#main}); the
 * passwords themselves are public demo values, listed in the README.
 */
public final class UserDirectory {
    private record Account(User user, String passwordHash) {
    }

    private static final Map<String, Account> DEMO = Map.of(
            "alice", new Account(new User("alice", List.of("user")),
                    "pbkdf2-sha256$600000$IRvY+t66oCSet8OMmHO+Ug$DwvdVNKFcmgcu9ayVoNty96btkiitTShvKYFLcBBmOI"),
            "bob", new Account(new User("bob", List.of("user", "admin")),
                    "pbkdf2-sha256$600000$TlHfSe3xRPdhZCaP+BXzXQ$o/S9TgMTiwtMxnN79LdkNEnBZxRzH6RgZh5SwNeu3KY"));

    /** Checked for unknown users too, so that both failures cost the same time (no user enumeration). */
    private static final String DECOY_HASH =
            "pbkdf2-sha256$600000$bbUmLBdPG7uqkzmiNjShPg$qW5Glu7D5VUGmrmZtAUt1b4iC/wnL/Is1RDa1ipmVVw";

    public Optional<User> authenticate(String username, char[] password) {
        Account account = DEMO.get(username);
        boolean matches = PasswordHash.matches(password, account == null ? DECOY_HASH : account.passwordHash());
        return account != null && matches ? Optional.of(account.user()) : Optional.empty();
    }

    /** The current roles of a user, for a refresh that must not resurrect a removed account. */
    public Optional<User> find(String username) {
        return Optional.ofNullable(DEMO.get(username)).map(Account::user);
    }
}
