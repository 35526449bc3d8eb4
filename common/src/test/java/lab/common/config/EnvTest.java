package lab.common.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("configuration from the environment")
class EnvTest {

    @Test
    @DisplayName("defaults apply to unset and blank variables")
    void defaults() {
        Env env = new Env(Map.of("BLANK", "  "));
        assertThat(env.integer("PORT", 8080, 0, 65535)).isEqualTo(8080);
        assertThat(env.string("BLANK", "fallback")).isEqualTo("fallback");
        assertThat(env.list("ORIGINS", "a, b,,c")).containsExactly("a", "b", "c");
    }

    @Test
    @DisplayName("a bad value names its variable in one line")
    void badValuesNameTheVariable() {
        Env env = new Env(Map.of("PORT", "eighty", "MODE", "maybe", "SIZE", "0"));
        assertThatThrownBy(() -> env.integer("PORT", 8080, 0, 65535)).isInstanceOf(ConfigException.class)
                .hasMessage("PORT: must be a whole number, was 'eighty'");
        assertThatThrownBy(() -> env.flag("MODE", true)).hasMessageStartingWith("MODE: must be one of");
        assertThatThrownBy(() -> env.integer("SIZE", 5, 1, 10)).hasMessage("SIZE: must be between 1 and 10, was 0");
    }

    @Test
    @DisplayName("LabConfig checks INSTANCE_ID, REDIS_URL and the CORS origins")
    void labConfig() {
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("INSTANCE_ID", "a.b")), "*"))
                .hasMessageStartingWith("INSTANCE_ID:");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("REDIS_URL", "redis:/nohost")), "*"))
                .hasMessageStartingWith("REDIS_URL:");
        assertThatThrownBy(() -> LabConfig.from(new Env(Map.of("CORS_ALLOWED_ORIGINS", "http://ok.example, evil")), "*"))
                .hasMessageStartingWith("CORS_ALLOWED_ORIGINS:");
        LabConfig config = LabConfig.from(new Env(Map.of("INSTANCE_ID", "app-1", "REDIS_URL", "redis://redis:6379")), "*");
        assertThat(config.redisUrl()).hasValueSatisfying(uri -> assertThat(uri.getHost()).isEqualTo("redis"));
        assertThat(config.acceptFormPosts()).isFalse();
    }
}
