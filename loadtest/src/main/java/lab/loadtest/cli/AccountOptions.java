package lab.loadtest.cli;

import java.util.ArrayList;
import java.util.List;
import lab.loadtest.http.Account;
import picocli.CommandLine.Option;

/** {@code --account USER:PASSWORD}, repeated: the demo users by default. */
public final class AccountOptions {
    static final List<Account> DEMO_USERS = List.of(new Account("alice", "alice-pw"), new Account("bob", "bob-pw"));

    @Option(names = "--account", converter = AccountConverter.class, paramLabel = "USER:PASSWORD",
            description = "Accounts to log in with, in turn. Default: alice:alice-pw and bob:bob-pw")
    List<Account> accounts = new ArrayList<>();

    public List<Account> accounts() {
        return accounts.isEmpty() ? DEMO_USERS : List.copyOf(accounts);
    }
}
