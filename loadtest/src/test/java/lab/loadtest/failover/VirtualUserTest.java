package lab.loadtest.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A virtual user whose login failed")
class VirtualUserTest {

    @Test
    @DisplayName("waits 1, 2, 4, then at most 8 seconds before trying again, with jitter")
    void backsOff() {
        assertThat(VirtualUser.backoff(1, 1.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(VirtualUser.backoff(2, 1.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(VirtualUser.backoff(3, 1.0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(VirtualUser.backoff(4, 1.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(VirtualUser.backoff(40, 1.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(VirtualUser.backoff(2, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(VirtualUser.backoff(4, 1.5)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    @DisplayName("waits at least as long as a Retry-After told it to")
    void obeysRetryAfter() {
        assertThat(VirtualUser.atLeast(Duration.ofSeconds(1), Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
        assertThat(VirtualUser.atLeast(Duration.ofSeconds(4), Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(4));
        assertThat(VirtualUser.atLeast(Duration.ofSeconds(1), Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
    }
}
