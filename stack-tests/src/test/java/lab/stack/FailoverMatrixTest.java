package lab.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import lab.harness.LabStack;
import lab.stack.FailoverRecord.Cell;
import lab.stack.FailoverRecord.Fault;
import lab.stack.FailoverRecord.StackName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * The lab's main claim, cell by cell: what a group of logged-in users experiences on each stack when
 * a piece of the stack dies. Each test names its expected outcome; each leaves the stack as it found
 * it, so the order does not matter. The table of predictions is in the README; this is the evidence.
 */
@ExtendWith(FailoverRecord.class)
@ResourceLock(LabStack.SECOND_COPY)
@DisplayName("failover matrix")
class FailoverMatrixTest {
    static final int USERS = 20;
    static LabStack stack;

    @BeforeAll
    static void stackIsUp() {
        stack = LabStack.alongside();
    }

    /** Users whose session lives on this instance (their login was answered there). */
    static long pinnedTo(Crowd crowd, String instance) {
        return crowd.users().stream().filter(u -> instance.equals(crowd.homeOf(u))).count();
    }

    static Counts.Snapshot phase(Cell cell, String name, Crowd crowd, int rounds) {
        return phase(cell, name, rounds, crowd::round);
    }

    /**
     * Like {@link #phase}, with every user's request of a round sent at the same time ({@link
     * Crowd#roundAtOnce}): for outages where each answer waits out a timeout, which real users wait
     * out together, not one after the other.
     */
    static Counts.Snapshot phaseAtOnce(Cell cell, String name, Crowd crowd, int rounds) {
        return phase(cell, name, rounds, crowd::roundAtOnce);
    }

    private static Counts.Snapshot phase(Cell cell, String name, int rounds, Consumer<Counts> round) {
        Counts counts = new Counts();
        for (int i = 0; i < rounds; i++) {
            round.accept(counts);
        }
        return cell.phase(name, counts);
    }

    /**
     * SIGKILL, then start the same container, and wait until Redis and every instance are healthy
     * again. Without persistence Redis comes back empty; with REDIS_PERSISTENCE=aof its file in
     * /data is still there.
     */
    static void killAndStartRedis() {
        stack.kill("redis");
        stack.start("redis");
        stack.awaitHealthy("redis");
        stack.awaitHealthy(LabStack.APPS.toArray(String[]::new));
    }

    /**
     * What a cell breaks, and how the stack is made whole again whatever the cell found: the phase
     * measured under the outage runs between the two ({@link #during}); assertions come after the repair.
     */
    record Outage(Runnable inflict, Runnable repair) {
        /** SIGKILL; repaired by starting the same container and waiting until it is healthy. */
        static Outage killed(String service) {
            return new Outage(() -> stack.kill(service), () -> started(service));
        }

        /** docker pause; repaired by unpausing it and waiting until it is healthy. */
        static Outage frozen(String service) {
            return new Outage(() -> stack.pause(service), () -> {
                stack.unpause(service);
                stack.awaitHealthy(service);
            });
        }

        /** Redis killed; repaired once Redis and every instance that depends on it are healthy again. */
        static Outage redisKilled() {
            return new Outage(() -> stack.kill("redis"), () -> {
                started("redis");
                stack.awaitHealthy(LabStack.APPS.toArray(String[]::new));
            });
        }

        private static void started(String service) {
            stack.start(service);
            stack.awaitHealthy(service);
        }

        <T> T during(Supplier<T> measured) {
            inflict.run();
            try {
                return measured.get();
            } finally {
                repair.run();
            }
        }

        void throughout(Runnable checks) {
            inflict.run();
            try {
                checks.run();
            } finally {
                repair.run();
            }
        }
    }

    /** True when four requests of the user (round robin: both instances) show both instances answering as {@code expected}. */
    static boolean bothInstances(VirtualUser user, Predicate<Response> expected) {
        Set<String> answering = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            Response response = user.authenticated().get("/api/me");
            if (expected.test(response)) {
                answering.add(response.header("X-Instance"));
            }
        }
        return answering.size() == 2;
    }

    /** A token served on its signature alone: the revocation list could not be asked (REVOCATION_FAILURE=open). */
    static boolean servedUnchecked(Response response) {
        return response.statusCode() == 200 && "skipped".equals(response.header("X-Revocation-Check"));
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    static void allSucceeded(Counts.Snapshot snapshot) {
        assertThat(snapshot.unsuccessful()).as("unsuccessful requests in %s", snapshot).isZero();
        assertThat(snapshot.relogins()).as("forced re-logins").isZero();
    }

    @Nested
    @Fault(row = 1, value = "no fault, many users")
    @DisplayName("no fault, many users")
    class NoFault {
        @Test
        @StackName("sticky")
        @DisplayName("sticky: each user stays on the instance that holds its session, and both instances hold some")
        void stickyPins(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), USERS).loggedIn();
            Counts.Snapshot during = phase(cell, "during", crowd, 5);
            allSucceeded(during);
            for (VirtualUser user : crowd.users()) {
                String home = crowd.homeOf(user);
                for (int i = 0; i < 3; i++) {
                    assertThat(user.me().instance()).isEqualTo(home);
                }
            }
            assertThat(pinnedTo(crowd, "sticky-app-1")).isPositive();
            assertThat(pinnedTo(crowd, "sticky-app-2")).isPositive();
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: requests spread over both instances, all succeed")
        void redisSpreads(Cell cell) {
            Counts.Snapshot during = phase(cell, "during", new Crowd(stack.sessions(), USERS).loggedIn(), 5);
            allSucceeded(during);
            assertThat(during.instances()).containsExactlyInAnyOrder("session-app-1", "session-app-2");
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens: requests spread over both instances, all succeed")
        void tokensSpread(Cell cell) {
            Counts.Snapshot during = phase(cell, "during", new Crowd(stack.tokens(), USERS).loggedIn(), 5);
            allSucceeded(during);
            assertThat(during.instances()).containsExactlyInAnyOrder("token-app-1", "token-app-2");
        }
    }

    @Nested
    @Fault(row = 2, value = "instance killed (SIGKILL)")
    @DisplayName("the instance holding the user is killed (SIGKILL)")
    class InstanceKilled {
        @Test
        @StackName("sticky")
        @DisplayName("sticky: every user of the killed instance must log in again, the others notice nothing")
        void stickyLosesSessions(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), USERS).loggedIn();
            String victim = crowd.homeOf(crowd.users().get(0));
            long pinned = pinnedTo(crowd, victim);
            allSucceeded(phase(cell, "before", crowd, 2));
            Counts.Snapshot during = Outage.killed(victim).during(() -> phase(cell, "during", crowd, 3));
            assertThat(during.relogins()).as("re-logins = users whose session was on %s", victim).isEqualTo((int) pinned);
            assertThat(during.serverErrors()).isZero();
            assertThat(phase(cell, "after", crowd, 2).relogins()).isZero();
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: no re-login, no failed request")
        void redisKeepsSessions(Cell cell) {
            survivesKill(cell, new Crowd(stack.sessions(), USERS).loggedIn(), "session-app-1");
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens: no re-login, no failed request")
        void tokensSurvive(Cell cell) {
            survivesKill(cell, new Crowd(stack.tokens(), USERS).loggedIn(), "token-app-1");
        }

        private void survivesKill(Cell cell, Crowd crowd, String victim) {
            allSucceeded(phase(cell, "before", crowd, 2));
            allSucceeded(Outage.killed(victim).during(() -> phase(cell, "during", crowd, 3)));
            allSucceeded(phase(cell, "after", crowd, 2));
        }
    }

    @Nested
    @Fault(row = 3, value = "instance frozen (docker pause)")
    @DisplayName("an instance is frozen (docker pause)")
    class InstanceFrozen {
        @Test
        @StackName("sticky")
        @DisplayName("sticky: users of the frozen instance wait for nginx's read timeout, then land on the other instance and must log in again")
        void stickyUsersStall(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), USERS).loggedIn();
            String victim = crowd.homeOf(crowd.users().get(0));
            long pinned = pinnedTo(crowd, victim);
            allSucceeded(phase(cell, "before", crowd, 1));
            // Each pinned user waits out nginx's read timeout.
            Counts.Snapshot during = Outage.frozen(victim).during(() -> phaseAtOnce(cell, "during", crowd, 2));
            assertThat(during.relogins()).as("re-logins").isGreaterThanOrEqualTo((int) pinned);
            assertThat(during.maxMillis()).as("slowest request waits for the read timeout").isGreaterThan(1000);
            assertThat(phase(cell, "after", crowd, 2).relogins()).isZero();
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: nginx skips the frozen instance; no request fails, none waits more than 5 s")
        void redisSkipsFrozen(Cell cell) {
            skipsFrozen(cell, new Crowd(stack.sessions(), USERS).loggedIn(), "session-app-1");
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens: nginx skips the frozen instance; no request fails, none waits more than 5 s")
        void tokensSkipFrozen(Cell cell) {
            skipsFrozen(cell, new Crowd(stack.tokens(), USERS).loggedIn(), "token-app-1");
        }

        private void skipsFrozen(Cell cell, Crowd crowd, String victim) {
            allSucceeded(phase(cell, "before", crowd, 1));
            Counts.Snapshot during = Outage.frozen(victim).during(() -> phase(cell, "during", crowd, 3));
            allSucceeded(during);
            assertThat(during.maxMillis()).as("slowest request, ms").isLessThan(5000);
            allSucceeded(phase(cell, "after", crowd, 1));
        }
    }

    @Nested
    @Fault(row = 4, value = "rolling restart (graceful stop, start)")
    @DisplayName("an instance is stopped gracefully and started again (rolling restart)")
    class RollingRestart {
        @Test
        @StackName("sticky")
        @DisplayName("sticky: the sessions of the restarted instance are lost; its users log in again")
        void stickyLosesSessions(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), USERS).loggedIn();
            String victim = crowd.homeOf(crowd.users().get(0));
            long pinned = pinnedTo(crowd, victim);
            allSucceeded(phase(cell, "before", crowd, 1));
            stack.stop(victim);
            stack.start(victim);
            stack.awaitHealthy(victim);
            Counts.Snapshot during = phase(cell, "during", crowd, 2);
            assertThat(during.relogins()).isEqualTo((int) pinned);
            assertThat(during.serverErrors()).isZero();
            assertThat(phase(cell, "after", crowd, 1).relogins()).isZero();
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: zero failed requests while users keep working")
        void redisZeroFailures(Cell cell) {
            noFailuresDuringRestart(cell, new Crowd(stack.sessions(), USERS).loggedIn(), "session-app-1");
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens: zero failed requests while users keep working")
        void tokensZeroFailures(Cell cell) {
            noFailuresDuringRestart(cell, new Crowd(stack.tokens(), USERS).loggedIn(), "token-app-1");
        }

        private void noFailuresDuringRestart(Cell cell, Crowd crowd, String victim) {
            allSucceeded(phase(cell, "before", crowd, 1));
            Counts during = new Counts();
            try (var traffic = crowd.background(during)) {
                stack.stop(victim);
                stack.start(victim);
                stack.awaitHealthy(victim);
            }
            allSucceeded(cell.phase("during", during));
            assertThat(during.snapshot().requests()).as("requests made during the restart").isGreaterThan(USERS);
            allSucceeded(phase(cell, "after", crowd, 1));
        }
    }

    @Nested
    @Fault(row = 5, value = "Redis killed")
    @DisplayName("Redis is killed")
    class RedisKilled {
        @Test
        @StackName("sticky")
        @DisplayName("sticky: not affected")
        void stickyUnaffected(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            allSucceeded(Outage.redisKilled().during(() -> phase(cell, "during", crowd, 2)));
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: every user is answered 503, never 500")
        void redisSessions503(Cell cell) {
            Crowd crowd = new Crowd(stack.sessions(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            // Each answer waits out the connect timeout to the dead Redis.
            Counts.Snapshot during = Outage.redisKilled().during(() -> phaseAtOnce(cell, "during", crowd, 2));
            assertThat(during.statuses()).isEqualTo(Map.of(503, during.requests()));
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens, REVOCATION_FAILURE=open (default): once an instance finds Redis refusing connections, served on the signature alone, marked as unchecked")
        void tokensFailOpen(Cell cell) {
            Crowd crowd = new Crowd(stack.tokens(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            Outage.redisKilled().throughout(() -> {
                // Each instance serves unchecked only once Redis is known to be down (its circuit breaker
                // opened on a refused or timed-out connection). A pooled connection that the kill broke
                // is tried once more on a fresh one, so that is the first request to each instance.
                VirtualUser probe = crowd.users().get(0);
                await().atMost(Duration.ofSeconds(20)).until(() -> bothInstances(probe, FailoverMatrixTest::servedUnchecked));
                allSucceeded(phase(cell, "during", crowd, 2));
                probe.authenticated().get("/api/me").then()
                        .statusCode(200).header("X-Revocation-Check", "skipped");
            });
        }

        @Test
        @StackName("tokens (fail closed)")
        @DisplayName("tokens, REVOCATION_FAILURE=closed: every user is answered 503")
        void tokensFailClosed(Cell cell) {
            withTokenApps(Map.of("REVOCATION_FAILURE", "closed"), () -> {
                Crowd crowd = new Crowd(stack.tokens(), USERS).loggedIn();
                allSucceeded(phase(cell, "before", crowd, 1));
                Counts.Snapshot during = Outage.redisKilled().during(() -> {
                    // Each instance drops what its near cache knew as soon as its channel to Redis breaks
                    // (milliseconds after the kill): from then on nothing is served unchecked.
                    VirtualUser probe = crowd.users().get(0);
                    await().atMost(Duration.ofSeconds(10)).until(() -> bothInstances(probe, response -> response.statusCode() == 503));
                    return phaseAtOnce(cell, "during", crowd, 2);
                });
                assertThat(during.statuses()).isEqualTo(Map.of(503, during.requests()));
            });
        }
    }

    @Nested
    @Fault(row = 6, value = "Redis restarted empty")
    @DisplayName("Redis is restarted empty")
    class RedisRestartedEmpty {
        @Test
        @StackName("sticky")
        @DisplayName("sticky: not affected")
        void stickyUnaffected(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            killAndStartRedis();
            allSucceeded(phase(cell, "after", crowd, 2));
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: every user must log in again")
        void redisSessionsLost(Cell cell) {
            Crowd crowd = new Crowd(stack.sessions(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            killAndStartRedis();
            Counts.Snapshot after = phase(cell, "after", crowd, 2);
            assertThat(after.relogins()).isEqualTo(USERS);
            assertThat(after.serverErrors()).isZero();
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens: still valid; Redis forgot the revocations, the instances did not: a logged-out token stays refused")
        void tokensRememberRevocations(Cell cell) {
            Crowd crowd = new Crowd(stack.tokens(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            VirtualUser leaver = loggedOutLeaver();
            killAndStartRedis();
            allSucceeded(phase(cell, "after", crowd, 2));
            // Round robin: four requests reach both instances, each with its own memory of the revocation.
            for (int i = 0; i < 4; i++) {
                assertThat(leaver.me().status()).as("the logged-out token after the restart").isEqualTo(401);
            }
        }

        @Test
        @StackName("tokens (near cache off)")
        @DisplayName("tokens, REDIS_NEAR_CACHE=off: still valid, but revocations are forgotten: a logged-out token works again")
        void tokensForgetRevocations(Cell cell) {
            withTokenApps(Map.of("REDIS_NEAR_CACHE", "off"), () -> {
                Crowd crowd = new Crowd(stack.tokens(), USERS).loggedIn();
                allSucceeded(phase(cell, "before", crowd, 1));
                VirtualUser leaver = loggedOutLeaver();
                killAndStartRedis();
                allSucceeded(phase(cell, "after", crowd, 2));
                assertThat(leaver.me().status()).as("the same token after the restart").isEqualTo(200);
            });
        }

        private VirtualUser loggedOutLeaver() {
            VirtualUser leaver = new VirtualUser(stack.tokens(), "alice");
            leaver.login();
            assertThat(leaver.me().status()).as("valid before the logout").isEqualTo(200);
            assertThat(leaver.logout().status()).isEqualTo(204);
            assertThat(leaver.me().status()).as("revoked before the restart").isEqualTo(401);
            return leaver;
        }
    }

    @Nested
    @Fault(row = 7, value = "logout, then the old credential replayed")
    @DisplayName("logout, then the old credential is replayed on every instance")
    class LogoutReplay {
        /** Each user logs out, then sends its old credential four times: round robin reaches both instances. */
        private Counts.Snapshot replayAfterLogout(Cell cell, Crowd crowd) {
            Counts replays = new Counts();
            for (VirtualUser user : crowd.users()) {
                assertThat(user.logout().status()).isEqualTo(204);
                for (int i = 0; i < 4; i++) {
                    replays.record(user.me());
                }
            }
            return cell.phase("after", replays);
        }

        @Test
        @StackName("sticky")
        @DisplayName("sticky: rejected")
        void stickyRejects(Cell cell) {
            Counts.Snapshot after = replayAfterLogout(cell, new Crowd(stack.sticky(), USERS).loggedIn());
            assertThat(after.statuses()).isEqualTo(Map.of(401, after.requests()));
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: rejected")
        void redisRejects(Cell cell) {
            Counts.Snapshot after = replayAfterLogout(cell, new Crowd(stack.sessions(), USERS).loggedIn());
            assertThat(after.statuses()).isEqualTo(Map.of(401, after.requests()));
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens with revocation on: rejected")
        void tokensRejectWhileRevocationIsOn(Cell cell) {
            Counts.Snapshot after = replayAfterLogout(cell, new Crowd(stack.tokens(), USERS).loggedIn());
            assertThat(after.statuses()).isEqualTo(Map.of(401, after.requests()));
        }

        @Test
        @StackName("tokens (REVOCATION=off)")
        @DisplayName("tokens with REVOCATION=off: accepted until the token expires")
        void tokensAcceptWithoutRevocation(Cell cell) {
            withTokenApps(Map.of("REVOCATION", "off"), () -> {
                Counts.Snapshot after = replayAfterLogout(cell, new Crowd(stack.tokens(), USERS).loggedIn());
                assertThat(after.statuses()).isEqualTo(Map.of(200, after.requests()));
                assertThat(after.instances()).containsExactlyInAnyOrder("token-app-1", "token-app-2");
            });
        }
    }

    /**
     * Each guess costs the server a password hash (a tenth of a second or more of CPU): without admission control a
     * handful of bots take both cores, and the users who are already logged in pay for it.
     */
    @Nested
    @Fault(row = 8, value = "login flood: 16 clients guess passwords")
    @DisplayName("a login flood: 16 clients send wrong passwords as fast as they are answered")
    class LoginFloodCells {
        static final int BOTS = 16;
        static final int GUESSES_EACH = 40;

        private void floodRefusedEarly(Cell cell, String stackUri, String... instances) {
            Crowd crowd = new Crowd(stackUri, USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            Counts during = new Counts();
            LoginFlood.Tally flood;
            try (var traffic = crowd.background(during)) {
                flood = LoginFlood.run(stackUri, BOTS, GUESSES_EACH, Duration.ofSeconds(15));
            }
            cell.phase("logins", flood.counts());
            Counts.Snapshot users = cell.phase("during", during);
            allSucceeded(users);
            // Under nginx's 3 s read timeout: nginx never gave up on an instance, so none was marked failed.
            assertThat(users.maxMillis()).as("slowest request of a logged-in user, ms").isLessThan(3000);
            assertThat(users.instances()).as("instances still serving").containsExactlyInAnyOrder(instances);
            assertThat(flood.refusals()).as("guesses refused before any hash (429/503)")
                    .isGreaterThan(flood.attempts() / 2);
            assertThat(flood.refusalsWithRetryAfter()).as("refusals that say when to come back")
                    .isEqualTo(flood.refusals());
            assertThat(flood.counts().snapshot().statuses().keySet()).as("what the bots were answered")
                    .isSubsetOf(401, 429, 503);
            assertThat(phase(cell, "after", crowd, 1).relogins()).isZero();
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: most guesses are refused with Retry-After before any hash; logged-in users keep working")
        void redisSessions(Cell cell) {
            floodRefusedEarly(cell, stack.sessions(), "session-app-1", "session-app-2");
        }

        @Test
        @StackName("sticky")
        @DisplayName("sticky: most guesses are refused with Retry-After before any hash; logged-in users keep working")
        void sticky(Cell cell) {
            floodRefusedEarly(cell, stack.sticky(), "sticky-app-1", "sticky-app-2");
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens: most guesses are refused with Retry-After before any hash; logged-in users keep working")
        void tokens(Cell cell) {
            floodRefusedEarly(cell, stack.tokens(), "token-app-1", "token-app-2");
        }
    }

    /**
     * The re-login storm: when a sticky instance dies, all of its users log in again at once on the
     * survivor. Unbounded, the survivor spends its CPU on hashes for clients that already gave up,
     * nginx's read timeout fires and marks it failed, and everyone on the stack gets 502. Bounded,
     * the surplus logins are told to come back later (503 + Retry-After) and the survivor keeps serving.
     */
    @Nested
    @Fault(row = 9, value = "instance killed under load: 50 busy users")
    @DisplayName("the instance holding half of 50 busy users is killed")
    class ReloginStorm {
        static final int BUSY_USERS = 50;

        @Test
        @StackName("sticky")
        @DisplayName("sticky: users who still have a session get no error; the others log in again, told when to come back instead of failing")
        void survivorsUnharmed(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), BUSY_USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            String victim = crowd.homeOf(crowd.users().get(0));
            long displaced = pinnedTo(crowd, victim);
            Counts survivors = new Counts();
            Counts displacedUsers = new Counts();
            Counts logins = new Counts();
            Outage.killed(victim).throughout(() -> {
                try (var storm = crowd.stampede(Duration.ofMillis(20),
                        user -> victim.equals(crowd.homeOf(user)) ? displacedUsers : survivors, logins)) {
                    // Until every displaced user has logged in again (bounded: a storm that never settles fails).
                    await().atMost(Duration.ofSeconds(90)).until(() -> pinnedTo(crowd, victim) == 0);
                }
            });
            cell.phase("logins", logins);
            Counts.Snapshot during = cell.phase("during", survivors);
            assertThat(during.requests()).as("requests of the users who kept their session").isGreaterThan(BUSY_USERS);
            allSucceeded(during);
            // Every login was served or told when to come back: no 502/504, no timeout.
            assertThat(logins.snapshot().statuses().keySet()).as("answers to the re-logins").isSubsetOf(200, 429, 503);
            // Every displaced user is back (the await above); one who ran out of patience (VirtualUser.LOGIN_PATIENCE)
            // while refused started over after its next 401, so a user may count more than one re-login.
            assertThat(displacedUsers.snapshot().relogins()).as("re-logins of the users of %s", victim)
                    .isGreaterThanOrEqualTo((int) displaced);
            assertThat(phase(cell, "after", crowd, 1).relogins()).isZero();
        }
    }

    @Nested
    @Fault(row = 10, value = "Redis killed and started again, with persistence (REDIS_PERSISTENCE=aof)")
    @DisplayName("Redis is killed and started again, with an append-only file")
    class RedisRestartedWithAof {
        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions, REDIS_PERSISTENCE=aof: every session survives; nobody logs in again")
        void redisSessionsSurvive(Cell cell) {
            withRedis(Map.of("REDIS_PERSISTENCE", "aof"), () -> {
                Crowd crowd = new Crowd(stack.sessions(), USERS).loggedIn();
                allSucceeded(phase(cell, "before", crowd, 1));
                killAndStartRedis();
                allSucceeded(phase(cell, "after", crowd, 2));
            });
        }

        @Test
        @StackName("tokens (near cache off)")
        @DisplayName("tokens, REDIS_PERSISTENCE=aof, REDIS_NEAR_CACHE=off: Redis itself remembers: a logged-out token stays refused, refresh tokens still work")
        void tokensKeepRevocationsAndRefreshTokens(Cell cell) {
            withRedis(Map.of("REDIS_PERSISTENCE", "aof"), () -> withTokenApps(Map.of("REDIS_NEAR_CACHE", "off"), () -> {
                Crowd crowd = new Crowd(stack.tokens(), USERS).loggedIn();
                allSucceeded(phase(cell, "before", crowd, 1));
                VirtualUser leaver = new VirtualUser(stack.tokens(), "alice");
                leaver.login();
                assertThat(leaver.logout().status()).isEqualTo(204);
                killAndStartRedis();
                // After: one request each, then each user trades the refresh token it got before the kill.
                Counts after = new Counts();
                crowd.rounds(1, after);
                crowd.users().forEach(user -> after.record(user.refresh()));
                allSucceeded(cell.phase("after", after));
                for (int i = 0; i < 4; i++) { // round robin: both instances ask Redis, which still knows
                    assertThat(leaver.me().status()).as("the logged-out token after the restart").isEqualTo(401);
                }
            }));
        }
    }

    /**
     * Redis replicated and watched by Sentinels: the primary dies, two Sentinels agree it is down
     * (2 s), promote the replica and announce it; Jedis in each instance moves its pool there. What
     * the users lose is the promotion's seconds, and whatever the primary acknowledged but had not
     * yet sent to the replica (replication is asynchronous): measured here with users who keep
     * logging in while the primary dies.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @Fault(row = 11, value = "Redis primary killed, Sentinel promotes the replica (./lab up --redis sentinel)")
    @DisplayName("the Redis primary is killed and the Sentinels promote its replica")
    class SentinelFailover {
        private SentinelTopology sentinel;

        @BeforeAll
        void primaryReplicaAndSentinels() {
            sentinel = SentinelTopology.start(stack);
        }

        @AfterAll
        void oneRedisAgain() {
            sentinel.stop();
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions, REDIS_SENTINELS: 503, never 500, for the seconds the promotion takes; then every session is on the new primary and nobody logs in again")
        void redisSessions(Cell cell) {
            Crowd crowd = new Crowd(stack.sessions(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            List<Newcomers.Arrival> lastSecond = killPrimary(cell, crowd, stack.sessions(), response -> response.statusCode() == 200,
                    "logins", logins -> user -> user.login(logins).status() == 200);
            allSucceeded(phase(cell, "after", crowd, 2));
            measureLost(cell, lastSecond, login -> login.user().me().status() != 200);
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens, REDIS_SENTINELS, REVOCATION_FAILURE=open: served unchecked while no primary answers, checked again on the new one; every refresh token issued before is still there")
        void tokens(Cell cell) {
            Crowd crowd = new Crowd(stack.tokens(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            // Newcomers log in and out at once: what can be lost is their logout's revocation, a write
            // like any other; whether the new primary has it is asked of Redis itself (the instances'
            // near caches heard it over pub/sub and would hide its loss).
            List<Newcomers.Arrival> lastSecond = killPrimary(cell, crowd, stack.tokens(),
                    response -> response.statusCode() == 200 && response.header("X-Revocation-Check") == null,
                    "logouts", logins -> user -> user.login(logins).status() == 200 && user.logout().status() == 204);
            Counts after = new Counts();
            crowd.rounds(1, after);
            crowd.users().forEach(user -> after.record(user.refresh()));
            allSucceeded(cell.phase("after", after));
            measureLost(cell, lastSecond, logout -> !sentinel.exists("revoked:fam:{" + logout.user().tokenClaim("fam") + "}"));
        }

        /**
         * Kills the primary while the crowd keeps working and newcomers keep arriving ({@code arrive}:
         * what each does, counting its logins; {@code arrivals}: what the measures call it); returns once
         * the replica is primary and both instances serve as {@code served} says again, and the killed
         * node is back as a replica. Returns the arrivals the old primary acknowledged in its last second.
         */
        private List<Newcomers.Arrival> killPrimary(Cell cell, Crowd crowd, String stackUri, Predicate<Response> served,
                                                    String arrivals, Function<Counts, Predicate<VirtualUser>> arrive) {
            String primary = sentinel.primary();
            assertThat(primary).as("the primary the Sentinels name").isIn(SentinelTopology.NODES);
            sentinel.awaitReplicaInStep(primary);
            Counts during = new Counts();
            Counts logins = new Counts();
            VirtualUser probe = crowd.users().get(0);
            List<Newcomers.Arrival> lastSecond;
            try (var traffic = crowd.background(during); var newcomers = new Newcomers(stackUri, arrive.apply(logins))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> newcomers.acknowledged().size() >= 2);
                stack.kill(primary);
                long killedAt = System.nanoTime();
                lastSecond = newcomers.acknowledged().stream()
                        .filter(arrival -> killedAt - arrival.acknowledgedAt() <= 1_000_000_000L).toList();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                        .until(() -> SentinelTopology.other(primary).equals(sentinel.primary()));
                long promotedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> bothInstances(probe, served));
                long servedAt = System.nanoTime();
                cell.measured("s until the Sentinels named the new primary", seconds(promotedAt - killedAt));
                cell.measured("s until both instances served again", seconds(servedAt - killedAt));
                cell.measured(arrivals + " acknowledged in the old primary's last second", lastSecond.size());
            } finally {
                sentinel.restore(primary);
            }
            Counts.Snapshot duringSnapshot = cell.phase("during", during);
            cell.phase("logins", logins);
            assertThat(duringSnapshot.statuses().keySet()).as("answers while the primary was gone").isSubsetOf(200, 503);
            assertThat(duringSnapshot.relogins()).as("re-logins while the primary was gone").isZero();
            return lastSecond;
        }

        /** How many of what the old primary acknowledged in its last second the new primary does not have. */
        private void measureLost(Cell cell, List<Newcomers.Arrival> lastSecond, Predicate<Newcomers.Arrival> lost) {
            cell.measured("of those, lost", lastSecond.stream().filter(lost).count());
        }
    }

    /**
     * A Redis Cluster, three primaries and three replicas: one primary dies; once the others have
     * missed it for cluster-node-timeout (2 s) its replica is voted in and takes over its slots. In
     * between, only that primary's slots are unavailable (cluster-require-full-coverage no): its
     * users wait, everybody else is served. Replication is asynchronous, as with Sentinel: what the
     * primary acknowledged in its last moments may be missing on its replica, counted with newcomers.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @Fault(row = 13, value = "a Redis Cluster primary killed, its replica takes over (./lab up --redis cluster)")
    @DisplayName("a primary of the Redis Cluster is killed and its replica takes over its slots")
    class ClusterFailover {
        private ClusterTopology cluster;

        @BeforeAll
        void threePrimariesThreeReplicas() {
            cluster = ClusterTopology.start(stack);
        }

        @AfterAll
        void oneRedisAgain() {
            cluster.stop();
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions, REDIS_CLUSTER_NODES: only the users whose session is on the dead primary get 503 (never 500), for the seconds the failover takes; the others are served throughout; nobody logs in again")
        void redisSessions(Cell cell) {
            Crowd crowd = new Crowd(stack.sessions(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            killPrimary(cell, crowd, stack.sessions(), response -> response.statusCode() == 200,
                    "logins", logins -> user -> user.login(logins).status() == 200,
                    login -> login.user().me().status() != 200);
            allSucceeded(phase(cell, "after", crowd, 2));
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens, REDIS_CLUSTER_NODES, REVOCATION_FAILURE=open: not served unchecked: the users whose login is on the dead primary get 503 for the seconds the failover takes (the other nodes still answer); the others are served throughout; every refresh token issued before is still there")
        void tokens(Cell cell) {
            Crowd crowd = new Crowd(stack.tokens(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            killPrimary(cell, crowd, stack.tokens(),
                    response -> response.statusCode() == 200 && response.header("X-Revocation-Check") == null,
                    "logouts", logins -> user -> user.login(logins).status() == 200 && user.logout().status() == 204,
                    logout -> !cluster.exists(logout.user().loginKey()));
            Counts after = new Counts();
            crowd.rounds(1, after);
            crowd.users().forEach(user -> after.record(user.refresh()));
            allSucceeded(cell.phase("after", after));
        }

        /**
         * Kills the primary that holds the first user's login while every user keeps calling the API
         * (each on a thread of its own, counted apart) and newcomers keep arriving ({@code arrive}:
         * what each does, counting its logins; {@code arrivals}: what the measures call it). Returns
         * once the replica has taken over, both instances serve that user as {@code served} says
         * again, and the killed node is back as a replica; counts the users who waited (some 503)
         * and those served throughout, and asserts that there were both. {@code lost}: whether an
         * arrival acknowledged in the old primary's last second is missing now.
         */
        private void killPrimary(Cell cell, Crowd crowd, String stackUri, Predicate<Response> served,
                                                     String arrivals, Function<Counts, Predicate<VirtualUser>> arrive,
                                                     Predicate<Newcomers.Arrival> lost) {
            cluster.awaitReplicasInStep();
            VirtualUser probe = crowd.users().get(0);
            String probeKey = probe.loginKey();
            int primary = cluster.primaryOf(probeKey).orElseThrow();
            Map<VirtualUser, Counts> perUser = new LinkedHashMap<>();
            crowd.users().forEach(user -> perUser.put(user, new Counts()));
            Counts logins = new Counts();
            List<Newcomers.Arrival> lastSecond;
            try (var traffic = crowd.stampede(Duration.ofMillis(100), perUser::get, new Counts());
                 var newcomers = new Newcomers(stackUri, arrive.apply(logins))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> newcomers.acknowledged().size() >= 2);
                cluster.killPrimary(primary);
                long killedAt = System.nanoTime();
                lastSecond = newcomers.acknowledged().stream()
                        .filter(arrival -> killedAt - arrival.acknowledgedAt() <= 1_000_000_000L).toList();
                cluster.awaitPromoted(probeKey, primary);
                long promotedAt = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> bothInstances(probe, served));
                long servedAt = System.nanoTime();
                cell.measured("s until the replica took over", seconds(promotedAt - killedAt));
                cell.measured("s until both instances served the dead primary's users again", seconds(servedAt - killedAt));
                cell.measured(arrivals + " acknowledged in the old primary's last second", lastSecond.size());
            } finally {
                cluster.restore(primary);
            }
            Counts.Snapshot during = cell.phase("during", Counts.sum(perUser.values()));
            cell.phase("logins", logins);
            assertThat(during.statuses().keySet()).as("answers while the primary was gone").isSubsetOf(200, 503);
            assertThat(during.relogins()).as("re-logins while the primary was gone").isZero();
            cell.measured("of those, lost", lastSecond.stream().filter(lost).count());
            long waited = perUser.values().stream().filter(counts -> counts.snapshot().serverErrors() > 0).count();
            cell.measured("users who got a 503 while the primary was gone", waited);
            cell.measured("users served throughout", USERS - waited);
            assertThat(waited).as("users whose login was on the dead primary, who waited").isPositive();
            assertThat(USERS - waited).as("users on the other primaries, served throughout").isPositive();
        }
    }

    /** Runs a cell with Redis recreated with other settings (empty); the defaults come back after. */
    private static void withRedis(Map<String, String> switches, Runnable cell) {
        stack.recreate(switches, "redis");
        stack.awaitHealthy(LabStack.APPS.toArray(String[]::new));
        try {
            cell.run();
        } finally {
            stack.recreate(Map.of(), "redis");
            stack.awaitHealthy(LabStack.APPS.toArray(String[]::new));
        }
    }

    /** Runs a cell with both token instances recreated with other settings; the defaults come back after. */
    private static void withTokenApps(Map<String, String> switches, Runnable cell) {
        stack.recreate(switches, "token-app-1", "token-app-2");
        try {
            cell.run();
        } finally {
            stack.recreate(Map.of(), "token-app-1", "token-app-2");
        }
    }
    @Nested
    @Fault(row = 12, value = "scaled out to three instances, then back in to two (./lab scale)")
    @DisplayName("a third instance is added while users work, then removed again (./lab scale STACK=3, then 2)")
    class Scaling {
        @Test
        @StackName("sticky")
        @DisplayName("sticky: the new instance takes only new logins; removing it sends its users to log in again, and nobody else")
        void stickyNewcomersOnly(Cell cell) {
            Crowd crowd = new Crowd(stack.sticky(), USERS).loggedIn();
            allSucceeded(phase(cell, "before", crowd, 1));
            stack.scale("sticky-app", 3);
            try {
                Counts.Snapshot during = phase(cell, "during", crowd, 2);
                allSucceeded(during);
                assertThat(during.instances()).as("existing users stay with their sessions").doesNotContain("sticky-app-3");
                // Logins without a cookie are balanced over all three: some land on the new one.
                Crowd newcomers = new Crowd(stack.sticky(), 9).loggedIn();
                long onTheNewOne = pinnedTo(newcomers, "sticky-app-3");
                assertThat(onTheNewOne).as("newcomers whose session is on sticky-app-3").isPositive();

                stack.scale("sticky-app", 2);
                Counts after = new Counts();
                crowd.rounds(1, after);
                newcomers.rounds(1, after);
                Counts.Snapshot afterSnapshot = cell.phase("after", after);
                assertThat(afterSnapshot.relogins()).as("re-logins = newcomers whose session was on sticky-app-3")
                        .isEqualTo((int) onTheNewOne);
                assertThat(afterSnapshot.serverErrors()).isZero();
            } finally {
                stack.scale("sticky-app", 2);
            }
        }

        @Test
        @StackName("redis-sessions")
        @DisplayName("Redis sessions: the new instance serves existing users at once; removing it fails no request")
        void redisSessionsScale(Cell cell) {
            scalesUnnoticed(cell, new Crowd(stack.sessions(), USERS).loggedIn(), "session-app");
        }

        @Test
        @StackName("tokens")
        @DisplayName("tokens: the new instance serves existing users at once; removing it fails no request")
        void tokensScale(Cell cell) {
            scalesUnnoticed(cell, new Crowd(stack.tokens(), USERS).loggedIn(), "token-app");
        }

        /** Out: the users' next requests reach the third instance too. In: under load, nothing fails. */
        private void scalesUnnoticed(Cell cell, Crowd crowd, String service) {
            allSucceeded(phase(cell, "before", crowd, 1));
            stack.scale(service, 3);
            try {
                Counts.Snapshot during = phase(cell, "during", crowd, 2);
                allSucceeded(during);
                assertThat(during.instances()).as("instances that answered the existing users")
                        .containsExactlyInAnyOrder(service + "-1", service + "-2", service + "-3");
                Counts after = new Counts();
                try (var traffic = crowd.background(after)) {
                    stack.scale(service, 2);
                }
                assertThat(after.snapshot().requests()).as("requests made while scaling in").isGreaterThan(USERS);
                crowd.rounds(1, after);
                Counts.Snapshot afterSnapshot = cell.phase("after", after);
                allSucceeded(afterSnapshot);
            } finally {
                stack.scale(service, 2);
            }
        }
    }

}
