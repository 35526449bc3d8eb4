package lab.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;
import lab.loadtest.http.Reply;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The per-second statistics")
class MeterTest {

    static Reply reply(int status, long latencyMillis, String instance) {
        HttpFields headers = instance == null ? HttpFields.EMPTY : HttpFields.build().add("X-Instance", instance).asImmutable();
        return new Reply(status, headers, "", 0, latencyMillis * 1_000_000, null);
    }

    @Test
    @DisplayName("sort answers into ok, 401, 5xx and other errors, and count who answered")
    void countsOutcomes() {
        Meter meter = new Meter();
        meter.api(reply(200, 1, "a"));
        meter.api(reply(201, 1, "b"));
        meter.api(reply(401, 1, "a"));
        meter.api(reply(502, 1, null));
        meter.api(reply(403, 1, "a"));
        meter.api(Reply.failed(new IOException("refused"), 0, 1_000_000));
        meter.reLogin();
        meter.login(reply(200, 250, "a"));
        meter.login(reply(503, 1, "b"));

        Second second = meter.sample(1);

        assertThat(second.requests()).isEqualTo(6);
        assertThat(second.ok()).isEqualTo(2);
        assertThat(second.unauthorized()).isEqualTo(1);
        assertThat(second.serverErrors()).isEqualTo(2); // the 502 and the failed login's 503
        assertThat(second.otherErrors()).isEqualTo(2);  // the 403 and the refused connection
        assertThat(second.failures()).isEqualTo(5);
        assertThat(second.logins()).isEqualTo(2);
        assertThat(second.reLogins()).isEqualTo(1);
        assertThat(second.instances()).containsEntry("a", 3L).containsEntry("b", 1L)
                .containsEntry("(nginx)", 1L).containsEntry("(no answer)", 1L);
        assertThat(second.errors()).containsOnly(Map.entry("HTTP 502", 1L), Map.entry("HTTP 403", 1L),
                Map.entry("IOException", 1L), Map.entry("login HTTP 503", 1L));
    }

    @Test
    @DisplayName("start every second from zero, and keep the latency of all seconds in the total")
    void resetsEachSecond() {
        Meter meter = new Meter();
        meter.api(reply(200, 10, "a"));
        Second first = meter.sample(1);
        Second second = meter.sample(2);
        meter.api(reply(200, 30, "a"));
        Second third = meter.sample(3);

        assertThat(first.requests()).isEqualTo(1);
        assertThat(second.requests()).isZero();
        assertThat(second.latency()).isEqualTo(Latency.NONE);
        assertThat(second.instances()).isEmpty();
        assertThat(second.errors()).isEmpty();
        assertThat(third.latency().p50()).isCloseTo(30, Offset.offset(0.1));
        assertThat(meter.totalLatency().count()).isEqualTo(2);
        assertThat(meter.totalLatency().max()).isCloseTo(30, Offset.offset(0.1));
    }

    @Test
    @DisplayName("keep login latencies apart from the API's")
    void loginLatencyApart() {
        Meter meter = new Meter();
        meter.login(reply(200, 250, "a"));
        meter.login(reply(200, 400, "a"));
        meter.api(reply(200, 2, "a"));
        meter.sample(1);
        assertThat(meter.loginLatency().count()).isEqualTo(2);
        assertThat(meter.loginLatency().min()).isCloseTo(250, Offset.offset(0.5));
        assertThat(meter.totalLatency().max()).isCloseTo(2, Offset.offset(0.01));
    }

    @Test
    @DisplayName("report percentiles in milliseconds from a histogram of microseconds")
    void percentiles() {
        Histogram micros = Latency.newHistogram();
        for (int i = 1; i <= 100; i++) {
            micros.recordValue(i * 1000L); // 1 ms .. 100 ms
        }
        Latency latency = Latency.of(micros);
        assertThat(latency.count()).isEqualTo(100);
        assertThat(latency.min()).isEqualTo(1.0);
        assertThat(latency.p50()).isCloseTo(50, Offset.offset(0.1));
        assertThat(latency.p99()).isCloseTo(99, Offset.offset(0.1));
        assertThat(latency.max()).isCloseTo(100, Offset.offset(0.1));
        assertThat(latency.mean()).isCloseTo(50.5, Offset.offset(0.1));
        assertThat(Latency.of(Latency.newHistogram())).isEqualTo(Latency.NONE);
    }
}
