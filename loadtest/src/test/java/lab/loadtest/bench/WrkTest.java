package lab.loadtest.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("wrk's summary")
class WrkTest {

    @Test
    @DisplayName("gives requests per second and the 50th and 99th percentiles in ms")
    void parses() {
        String output = """
                Running 10s test @ http://127.0.0.1:8080/nginx-health
                  2 threads and 64 connections
                  Thread Stats   Avg      Stdev     Max   +/- Stdev
                    Latency   680.12us    1.20ms  30.11ms   93.20%
                    Req/Sec    48.20k     3.10k   55.00k    70.00%
                  Latency Distribution
                     50%  412.00us
                     75%  600.00us
                     90%    1.10ms
                     99%    6.50ms
                  959123 requests in 10.00s, 140.00MB read
                Requests/sec:  95912.30
                Transfer/sec:     14.00MB
                """;
        Wrk.Result result = Wrk.parse(output);
        assertThat(result.throughput()).isEqualTo(95912.30);
        assertThat(result.p50Ms()).isEqualTo(0.412);
        assertThat(result.p99Ms()).isEqualTo(6.5);
    }

    @Test
    @DisplayName("without a rate line is an error that shows the output")
    void refuses() {
        assertThatThrownBy(() -> Wrk.parse("unable to connect to 127.0.0.1:8080 Connection refused"))
                .hasMessageContaining("Connection refused");
    }
}
