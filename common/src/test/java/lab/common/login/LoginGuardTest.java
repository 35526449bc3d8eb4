package lab.common.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import lab.common.config.Env;
import lab.common.contract.RedisSupport;
import lab.common.http.Problem;
import lab.common.users.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Tag;
import org.testcontainers.containers.GenericContainer;
import redis.clients.jedis.RedisClient;

/**
 * The failed-login limits against a real Redis, with a password check that only counts its calls:
 * what matters here is how often the expensive hash would run, not the hash itself.
 */
@DisplayName("failed-login limits")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class LoginGuardTest {
    private static final User ALICE = new User("alice", List.of("user"));
    private final RedisClient redis = RedisClient.create(URI.create(RedisSupport.url(RedisSupport.shared())));
    private final AtomicInteger hashes = new AtomicInteger();

    @BeforeEach
    void countFromZero() {
        hashes.set(0);
    }

    @AfterAll
    void close() {
        redis.close();
    }

    private static LoginSettings settings(Map<String, String> env) {
        return LoginSettings.from(new Env(env));
    }

    private Supplier<Optional<User>> wrongPassword() {
        return () -> {
            hashes.incrementAndGet();
            return Optional.empty();
        };
    }

    private Supplier<Optional<User>> rightPassword() {
        return () -> {
            hashes.incrementAndGet();
            return Optional.of(ALICE);
        };
    }

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    @DisplayName("beyond LOGIN_ACCOUNT_FAILURES an account is refused with 429 and Retry-After, even with the right password, and no hash runs")
    void accountFloodIsRefusedWithoutHashing() {
        var guard = new LoginGuard(settings(Map.of("LOGIN_ACCOUNT_FAILURES", "3", "LOGIN_ACCOUNT_REFILL_SECONDS", "600")),
                Optional.of(redis));
        String account = unique("victim");
        for (int i = 0; i < 3; i++) {
            assertThat(guard.authenticate(account, unique("10.0.0"), wrongPassword())).isEmpty();
        }
        assertThat(hashes).hasValue(3);
        for (int i = 0; i < 20; i++) {
            Problem refused = catchThrowableOfType(Problem.class,
                    () -> guard.authenticate(account, unique("10.0.1"), wrongPassword()));
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.type()).isEqualTo("/problems/too-many-login-attempts");
            assertThat(Long.parseLong(refused.headers().get("Retry-After"))).isBetween(1L, 600L);
        }
        Problem evenRight = catchThrowableOfType(Problem.class, () -> guard.authenticate(account, "10.0.2.1", rightPassword()));
        assertThat(evenRight.status()).isEqualTo(429);
        assertThat(hashes).hasValue(3); // the 21 refused attempts cost no hash
        assertThat(redis.exists("ratelimit:login:account:" + account)).isTrue();
        assertThat(redis.ttl("ratelimit:login:account:" + account)).isPositive(); // expires once refilled
    }

    @Test
    @DisplayName("beyond LOGIN_ADDRESS_FAILURES an address is refused for every account")
    void addressFloodIsRefused() {
        var guard = new LoginGuard(settings(Map.of("LOGIN_ADDRESS_FAILURES", "2", "LOGIN_ADDRESS_REFILL_SECONDS", "600")),
                Optional.of(redis));
        String address = unique("198.51.100");
        String spray = unique("spray");
        assertThat(guard.authenticate(spray + "-2", address, wrongPassword())).isEmpty();
        assertThat(guard.authenticate(spray + "-3", address, wrongPassword())).isEmpty();
        Problem refused = catchThrowableOfType(Problem.class, () -> guard.authenticate(spray + "-4", address, wrongPassword()));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(guard.authenticate(spray + "-4", unique("198.51.100"), wrongPassword())).isEmpty(); // other clients are not punished
    }

    @Test
    @DisplayName("only failures count: 50 successful logins from one address at the default settings are never limited")
    void successesAreNotLimited() {
        var guard = new LoginGuard(settings(Map.of()), Optional.of(redis));
        String address = unique("203.0.113");
        for (int i = 0; i < 50; i++) {
            assertThat(guard.authenticate("alice-" + address, address, rightPassword())).contains(ALICE);
        }
        assertThat(hashes).hasValue(50);
    }

    @Test
    @DisplayName("logins in flight hold nothing: 10 devices logging in to one account at once, with 2 failures allowed, all get in")
    void concurrentSuccessesAreNotLimited() throws Exception {
        int devices = 10;
        var guard = new LoginGuard(settings(Map.of("LOGIN_ACCOUNT_FAILURES", "2", "LOGIN_ACCOUNT_REFILL_SECONDS", "600",
                "LOGIN_CONCURRENCY", Integer.toString(devices))), Optional.of(redis));
        String account = unique("family");
        CountDownLatch allHashing = new CountDownLatch(devices);
        Supplier<Optional<User>> slowRightPassword = () -> {
            allHashing.countDown();
            try {
                allHashing.await(10, TimeUnit.SECONDS); // every device is past the limits check at once
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of(ALICE);
        };
        ExecutorService pool = Executors.newFixedThreadPool(devices);
        try {
            List<Future<Optional<User>>> logins = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                String address = unique("192.0.2");
                logins.add(pool.submit(() -> guard.authenticate(account, address, slowRightPassword)));
            }
            for (Future<Optional<User>> login : logins) {
                assertThat(login.get(30, TimeUnit.SECONDS)).contains(ALICE);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(allHashing.getCount()).as("devices that never hashed").isZero();
    }

    @Test
    @DisplayName("two instances on one Redis share the buckets")
    void instancesShareTheLimits() {
        var settings = settings(Map.of("LOGIN_ACCOUNT_FAILURES", "2", "LOGIN_ACCOUNT_REFILL_SECONDS", "600"));
        var instanceA = new LoginGuard(settings, Optional.of(redis));
        var instanceB = new LoginGuard(settings, Optional.of(redis));
        String account = unique("shared");
        instanceA.authenticate(account, "192.0.2.1", wrongPassword());
        instanceB.authenticate(account, "192.0.2.2", wrongPassword());
        Problem refused = catchThrowableOfType(Problem.class, () -> instanceA.authenticate(account, "192.0.2.3", wrongPassword()));
        assertThat(refused.status()).isEqualTo(429);
    }

    @Test
    @DisplayName("without Redis, and while Redis is unreachable, each instance still limits on its own")
    void limitsHoldWithoutRedis() {
        var settings = settings(Map.of("LOGIN_ACCOUNT_FAILURES", "2", "LOGIN_ACCOUNT_REFILL_SECONDS", "600"));
        var memoryOnly = new LoginGuard(settings, Optional.empty());
        memoryOnly.authenticate("bob", "192.0.2.9", wrongPassword());
        memoryOnly.authenticate("bob", "192.0.2.9", wrongPassword());
        assertThat(catchThrowableOfType(Problem.class,
                () -> memoryOnly.authenticate("bob", "192.0.2.9", rightPassword())).status()).isEqualTo(429);

        GenericContainer<?> doomed = RedisSupport.newContainer();
        doomed.start();
        try (RedisClient gone = RedisClient.create(URI.create(RedisSupport.url(doomed)))) {
            var guard = new LoginGuard(settings, Optional.of(gone));
            doomed.stop();
            assertThat(guard.authenticate("bob", "192.0.2.9", wrongPassword())).isEmpty(); // no exception: counted locally
            guard.authenticate("bob", "192.0.2.9", wrongPassword());
            assertThat(catchThrowableOfType(Problem.class,
                    () -> guard.authenticate("bob", "192.0.2.9", rightPassword())).status()).isEqualTo(429);
        }
    }
}
