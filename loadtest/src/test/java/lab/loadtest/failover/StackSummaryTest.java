package lab.loadtest.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lab.loadtest.stats.Latency;
import lab.loadtest.stats.Second;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A stack's summary")
class StackSummaryTest {

    static Second second(int t, long ok, long unauthorized, long serverErrors, long reLogins) {
        return new Second(t, ok + unauthorized + serverErrors, ok, unauthorized, serverErrors, 0, reLogins, reLogins,
                Latency.NONE, Map.of(), Map.of());
    }

    @Test
    @DisplayName("adds the seconds up and finds the longest stretch of failing seconds")
    void totals() {
        List<Second> seconds = List.of(second(1, 100, 0, 0, 0), second(2, 50, 25, 0, 25), second(3, 90, 0, 10, 0),
                second(4, 100, 0, 0, 0), second(5, 99, 0, 1, 0));
        Latency login = new Latency(30, 250, 260, 300, 320, 330, 330, 270);

        StackSummary summary = StackSummary.of(seconds, Latency.NONE, login);

        assertThat(summary.requests()).isEqualTo(475);
        assertThat(summary.ok()).isEqualTo(439);
        assertThat(summary.unauthorized()).isEqualTo(25);
        assertThat(summary.serverErrors()).isEqualTo(11);
        assertThat(summary.reLogins()).isEqualTo(25);
        assertThat(summary.successPercent()).isEqualTo(92.42);
        assertThat(summary.secondsWithFailures()).isEqualTo(3);
        assertThat(summary.longestFailureStreak()).isEqualTo(2);
        assertThat(summary.loginCostMs()).isEqualTo(250);
        assertThat(summary.reLoginCpuSeconds()).isEqualTo(6.25); // 25 re-logins × 250 ms
    }

    @Test
    @DisplayName("of an empty run is all zeros, not a division by zero")
    void empty() {
        StackSummary summary = StackSummary.of(List.of(), Latency.NONE, Latency.NONE);
        assertThat(summary.requests()).isZero();
        assertThat(summary.successPercent()).isZero();
        assertThat(summary.reLoginCpuSeconds()).isZero();
    }
}
