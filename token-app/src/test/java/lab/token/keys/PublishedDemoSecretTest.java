package lab.token.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import lab.common.config.Env;
import lab.token.TestSecrets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The demo JWT_SECRET is public (docker-compose.yml): an instance running with it must say so. */
@DisplayName("the published demo secret")
class PublishedDemoSecretTest {
    /** docker-compose.yml's default JWT_SECRET: in the repository for anyone to read. */
    private static final String DEMO = "uW8xVQCBk8T5OGQjIb7abfdJF1b3QMqbWoyRpeMO4fa323C822RUTnAKonubIp+7";

    @Test
    @DisplayName("is recognised by its bytes, whichever base64 alphabet spells it; other secrets are not")
    void recognised() {
        byte[] demo = Base64.getDecoder().decode(DEMO);
        String urlSafe = Base64.getUrlEncoder().encodeToString(demo);
        assertThat(HmacKeys.isPublishedDemoSecret(demo)).isTrue();
        assertThat(HmacKeys.isPublishedDemoSecret(Base64.getUrlDecoder().decode(urlSafe))).isTrue();
        assertThat(HmacKeys.isPublishedDemoSecret(TestSecrets.CURRENT_BYTES)).isFalse();
        demo[0] ^= 1;
        assertThat(HmacKeys.isPublishedDemoSecret(demo)).isFalse();
    }

    @Test
    @DisplayName("as JWT_SECRET or among JWT_PREVIOUS_SECRETS: one WARN line at start that anyone can mint tokens, without the secret")
    void warnedAbout() {
        assertThat(startLog(Map.of("JWT_SECRET", DEMO))).containsOnlyOnce("published demo secret")
                .contains("anyone can mint tokens").doesNotContain(DEMO);
        assertThat(startLog(Map.of("JWT_SECRET", TestSecrets.CURRENT, "JWT_PREVIOUS_SECRETS", DEMO)))
                .containsOnlyOnce("published demo secret").doesNotContain(DEMO);
        assertThat(startLog(Map.of("JWT_SECRET", TestSecrets.CURRENT, "JWT_PREVIOUS_SECRETS", TestSecrets.NEXT)))
                .doesNotContain("published demo secret");
    }

    /** What reading the keys logs (slf4j-simple writes to System.err). */
    private static String startLog(Map<String, String> env) {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TokenKeys.from(new Env(env));
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
