package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lab.loadtest.stats.Latency;
import org.HdrHistogram.Histogram;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Rounds of one target")
class ModelRoundsTest {

    static Histogram micros(long... values) {
        Histogram histogram = Latency.newHistogram();
        for (long value : values) {
            histogram.recordValue(value);
        }
        return histogram;
    }

    @Test
    @DisplayName("add up to one closed-model result: counts summed, throughput over the total time, percentiles of all")
    void closed() {
        var first = new ClosedModel.Result(32, 2, 2000, 1, 1000, null, 2100, Map.of("a", 1000L, "b", 1000L), true,
                micros(1000, 1000, 1000, 1000));
        var second = new ClosedModel.Result(32, 2, 1000, 0, 500, null, 1100, Map.of("a", 1000L), true,
                micros(9000, 9000, 9000, 9000));
        ClosedModel.Result both = ClosedModel.Result.combine(List.of(first, second));
        assertThat(both.requests()).isEqualTo(3000);
        assertThat(both.seconds()).isEqualTo(4);
        assertThat(both.throughput()).isEqualTo(750);
        assertThat(both.errors()).isEqualTo(1);
        assertThat(both.total()).isEqualTo(3200);
        assertThat(both.instances()).containsOnly(Map.entry("a", 2000L), Map.entry("b", 1000L));
        assertThat(both.latency().count()).isEqualTo(8);
        assertThat(both.latency().max()).isEqualTo(9.0, Offset.offset(0.01));
    }

    @Test
    @DisplayName("add up to one open-model result, keeping the worst send lag")
    void open() {
        var first = new OpenModel.Result(100, 1, 100, 0, 100, null, null, 3.0, 100, micros(1000), micros(900));
        var second = new OpenModel.Result(100, 1, 100, 2, 100, null, null, 7.0, 100, micros(5000), micros(800));
        OpenModel.Result both = OpenModel.Result.combine(List.of(first, second));
        assertThat(both.requests()).isEqualTo(200);
        assertThat(both.errors()).isEqualTo(2);
        assertThat(both.achievedRate()).isEqualTo(100);
        assertThat(both.maxSendLagMs()).isEqualTo(7.0);
        assertThat(both.latency().max()).isEqualTo(5.0, Offset.offset(0.01));
        assertThat(both.serviceTime().max()).isEqualTo(0.9, Offset.offset(0.01));
    }
}
