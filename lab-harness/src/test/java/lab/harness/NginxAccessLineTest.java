package lab.harness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NginxAccessLineTest {
    @Test
    @DisplayName("a line of the lab log format gives its port, method, path, status and upstream")
    void labFormat() {
        String line = "10.213.0.1 [05/Dec/2026:19:01:02 +0000] 8082 \"GET /api/me HTTP/1.1\" 401 93 rt=0.004 "
                + "upstream=10.213.128.5:7000 ustatus=401 urt=0.004";

        assertThat(NginxAccessLine.parse(line)).contains(
                new NginxAccessLine(8082, "GET", "/api/me", 401, "10.213.128.5:7000"));
    }

    @Test
    @DisplayName("a line of another shape (nginx's start-up notices) is skipped")
    void otherShape() {
        assertThat(NginxAccessLine.parse("2026/12/05 19:01:00 [notice] 1#1: start worker processes")).isEmpty();
    }
}
