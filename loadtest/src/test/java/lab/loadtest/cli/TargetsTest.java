package lab.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Target hosts")
class TargetsTest {

    @DisplayName("on this machine or in the compose network are allowed")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost", "127.0.0.1", "127.0.0.2", "[::1]", "nginx", "token-app-1"})
    void allowed(String host) {
        assertThat(Targets.allowedHost(host)).isTrue();
    }

    @DisplayName("anywhere else are refused")
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"example.com", "10.0.0.1", "192.168.1.10", "[2001:db8::1]", "0.0.0.0"})
    void refused(String host) {
        assertThat(Targets.allowedHost(host)).isFalse();
    }
}
