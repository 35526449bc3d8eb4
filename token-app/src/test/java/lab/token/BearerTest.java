package lab.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lab.common.http.Problem;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Authorization header parsing (RFC 6750)")
class BearerTest {
    private static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2ln";

    @ParameterizedTest(name = "scheme spelled [{0}] is accepted")
    @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR"})
    void schemeIsCaseInsensitive(String scheme) {
        assertThat(Bearer.tokenFrom(scheme + " " + TOKEN)).isEqualTo(TOKEN);
    }

    @Test
    @DisplayName("no header: 401 with a bare challenge (no error code, RFC 6750 section 3.1)")
    void missingHeaderGetsBareChallenge() {
        assertThatThrownBy(() -> Bearer.tokenFrom(null)).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.status()).isEqualTo(401);
            assertThat(p.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"lab\"");
        });
    }

    @ParameterizedTest(name = "other scheme [{0}]: bare challenge")
    @ValueSource(strings = {"Basic YWxpY2U6YWxpY2UtcHc=", "Token abc", "Bearer", TOKEN})
    void otherSchemesGetBareChallenge(String header) {
        assertThatThrownBy(() -> Bearer.tokenFrom(header)).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.headers().get("WWW-Authenticate")).isEqualTo("Bearer realm=\"lab\""));
    }

    @ParameterizedTest(name = "no token after the scheme [{0}]: invalid_token")
    @ValueSource(strings = {"Bearer ", "Bearer    ", "bearer \t"})
    void emptyTokensAreInvalidTokens(String header) {
        assertThatThrownBy(() -> Bearer.tokenFrom(header)).isInstanceOfSatisfying(Problem.class, p -> {
            assertThat(p.status()).isEqualTo(401);
            assertThat(p.headers().get("WWW-Authenticate")).contains("error=\"invalid_token\"");
        });
    }

    @Test
    @DisplayName("a token over 4096 characters is refused before any parsing")
    void oversizedTokenIsRefused() {
        String huge = "a".repeat(3000) + "." + "b".repeat(1100) + ".c";
        assertThatThrownBy(() -> Bearer.tokenFrom("Bearer " + huge)).isInstanceOfSatisfying(Problem.class, p ->
                assertThat(p.headers().get("WWW-Authenticate")).contains("larger than 4096"));
    }
}
