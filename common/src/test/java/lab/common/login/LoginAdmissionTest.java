package lab.common.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lab.common.http.Problem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The hashing slots and the queue, with a "hash" that blocks until the test lets it finish. */
@DisplayName("login admission: hashing slots and a bounded queue")
class LoginAdmissionTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.shutdownNow();
    }

    private CompletableFuture<String> blockedLogin(LoginAdmission admission) {
        return CompletableFuture.supplyAsync(() -> admission.run(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "hashed";
        }), threads);
    }

    @Test
    @DisplayName("beyond the slots and the queue a login is refused at once: 503 login-overloaded with Retry-After")
    void refusedBeyondSlotsAndQueue() {
        LoginAdmission admission = new LoginAdmission(1, 1, Duration.ofSeconds(30));
        CompletableFuture<String> hashing = blockedLogin(admission);
        CompletableFuture<String> waiting = blockedLogin(admission);
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.inside() == 2);

        Problem refused = catchThrowableOfType(Problem.class, () -> admission.run(() -> "never"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.type()).isEqualTo("/problems/login-overloaded");
        assertThat(refused.headers()).containsEntry("Retry-After", "1");

        release.countDown();
        assertThat(hashing.join()).isEqualTo("hashed");
        assertThat(waiting.join()).isEqualTo("hashed"); // the queued one got its turn
        assertThat(admission.run(() -> "again")).isEqualTo("again");
    }

    @Test
    @DisplayName("a login that waits in the queue longer than LOGIN_QUEUE_TIMEOUT_MS is refused with 503")
    void queueWaitIsBounded() {
        LoginAdmission admission = new LoginAdmission(1, 5, Duration.ofMillis(100));
        blockedLogin(admission);
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.inside() == 1);

        Problem refused = catchThrowableOfType(Problem.class, () -> admission.run(() -> "never"));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.detail()).contains("no hashing slot");
        assertThat(admission.inside()).isEqualTo(1); // the refused one left the queue
    }
}
