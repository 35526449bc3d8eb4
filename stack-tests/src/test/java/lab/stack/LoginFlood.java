package lab.stack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A password-guessing bot: several clients sending wrong passwords to a stack's login as fast as
 * answers come, each for a bounded number of attempts and time. Every guess names another unknown
 * user, so only the limits per client address can stop it (a per-account limit would lock out the
 * lab's demo users for the cells that follow). Nothing here waits on {@code Retry-After}: a bot does not.
 */
final class LoginFlood {
    /** What the flood got back: every answer, and how many refusals said when to come back. */
    record Tally(Counts counts, int refusals, int refusalsWithRetryAfter) {
        /** Guesses the stack spent a password hash on: a 401 is a guess that was checked. */
        int checked() {
            return counts.snapshot().unauthorized();
        }

        int attempts() {
            return counts.snapshot().requests();
        }
    }

    private LoginFlood() {
    }

    static Tally run(String baseUri, int clients, int attemptsEach, Duration atMost) {
        Counts counts = new Counts();
        AtomicInteger refusals = new AtomicInteger();
        AtomicInteger withRetryAfter = new AtomicInteger();
        long deadline = System.nanoTime() + atMost.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> bots = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                bots.add(pool.submit(() -> {
                    for (int i = 0; i < attemptsEach && System.nanoTime() < deadline; i++) {
                        VirtualUser.Answer answer = guess(baseUri, "guess-" + client + "-" + i);
                        counts.record(answer);
                        if (answer.status() == 429 || answer.status() == 503) {
                            refusals.incrementAndGet();
                            if (answer.retryAfterSeconds() > 0) {
                                withRetryAfter.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            for (Future<?> bot : bots) {
                bot.get(atMost.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the login flood did not finish", e);
        } finally {
            pool.shutdownNow();
        }
        return new Tally(counts, refusals.get(), withRetryAfter.get());
    }

    private static VirtualUser.Answer guess(String baseUri, String username) {
        long start = System.nanoTime();
        try {
            var response = VirtualUser.request(baseUri).contentType("application/json")
                    .body(Map.of("username", username, "password", "not-the-password")).post("/auth/login");
            String instance = response.header("X-Instance");
            return new VirtualUser.Answer(response.statusCode(), instance == null ? "(nginx)" : instance,
                    (System.nanoTime() - start) / 1_000_000, VirtualUser.retryAfterSeconds(response));
        } catch (Exception e) { // a read timeout, rethrown unannounced by REST Assured
            return VirtualUser.Answer.failed((System.nanoTime() - start) / 1_000_000);
        }
    }
}
