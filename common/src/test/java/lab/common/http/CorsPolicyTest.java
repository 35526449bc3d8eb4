package lab.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CORS policy")
class CorsPolicyTest {

    @Test
    @DisplayName("a wildcard origin cannot be combined with credentials")
    void noWildcardWithCredentials() {
        assertThatThrownBy(() -> new CorsPolicy(List.of("*"), true, List.of("Content-Type")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("only listed origins are allowed; a missing Origin never is")
    void allowList() {
        CorsPolicy policy = new CorsPolicy(List.of("http://localhost:8080"), true, List.of("Content-Type"));
        assertThat(policy.allows("http://localhost:8080")).isTrue();
        assertThat(policy.allows("http://localhost:8080.evil.example")).isFalse();
        assertThat(policy.allows("null")).isFalse();
        assertThat(policy.allows(null)).isFalse();
        assertThat(new CorsPolicy(List.of("*"), false, List.of()).allows("http://anyone.example")).isTrue();
    }
}
