package lab.common.users;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.common.metrics.CacheGets;
import lab.common.redis.NearCache;
import lab.common.redis.RedisConnections;

/**
 * The demo users and their current roles. Only the passwords' PBKDF2 hashes are kept (made with
 * {@link PasswordHash#main}); the passwords themselves are public demo values, listed in the README.
 * An admin may change a user's roles ({@link #changeRoles}); the change is kept by the
 * {@link RoleStore}, in Redis when the instance has one, so every instance answers with it.
 */
public final class UserDirectory implements AutoCloseable {
    /** The roles an admin may give. */
    public static final List<String> KNOWN_ROLES = List.of("user", "admin");

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

    private final RoleStore roles;

    public UserDirectory(RoleStore roles) {
        this.roles = roles;
    }

    /** Role changes in this instance only: for an instance without Redis, and for tests. */
    public static UserDirectory inMemory() {
        return new UserDirectory(new MemoryRoleStore());
    }

    /**
     * Role changes in Redis, shared by every instance; with {@code nearCache}, answered from memory
     * while Redis reports no change (see {@link NearCache}).
     */
    public static UserDirectory inRedis(RedisConnections redis, boolean nearCache, Clock clock) {
        Optional<NearCache<Optional<List<String>>>> near = nearCache
                ? Optional.of(new NearCache<Optional<List<String>>>("roles", RedisRoleStore.KEY_PREFIX,
                        redis::newSubscriberConnection, clock).start())
                : Optional.empty();
        return new UserDirectory(new RedisRoleStore(redis.commands(), near, clock));
    }

    public Optional<User> authenticate(String username, char[] password) {
        Account account = DEMO.get(username);
        boolean matches = PasswordHash.matches(password, account == null ? DECOY_HASH : account.passwordHash());
        return account != null && matches ? Optional.of(current(account)) : Optional.empty();
    }

    /** The user with their current roles: for a session at every request, for a token at refresh. */
    public Optional<User> find(String username) {
        return Optional.ofNullable(DEMO.get(username)).map(this::current);
    }

    /** Gives a user these roles (all of {@link #KNOWN_ROLES}); empty when there is no such user. */
    public Optional<User> changeRoles(String username, List<String> newRoles) {
        if (!KNOWN_ROLES.containsAll(newRoles)) {
            throw new IllegalArgumentException("unknown role in " + newRoles);
        }
        if (!DEMO.containsKey(username)) {
            return Optional.empty();
        }
        roles.set(username, List.copyOf(newRoles));
        return find(username);
    }

    @Override
    public void close() {
        roles.close();
    }

    public List<CacheGets> caches() {
        return roles.caches();
    }

    public void bindTo(MeterRegistry registry) {
        roles.bindTo(registry);
    }

    private User current(Account account) {
        return roles.get(account.user().username())
                .map(changed -> new User(account.user().username(), changed))
                .orElse(account.user());
    }
}
