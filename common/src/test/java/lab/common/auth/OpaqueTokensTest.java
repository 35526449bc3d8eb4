package lab.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpaqueTokensTest {
    @Test
    @DisplayName("a random token is 43 base64url characters (256 bits), and no two are alike")
    void randomTokens() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = OpaqueTokens.random();
            assertThat(token).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(token)).as("token %d repeats an earlier one", i).isTrue();
        }
    }

    @Test
    @DisplayName("a token is kept under its SHA-256 in lower-case hex (the FIPS 180-2 test vector)")
    void sha256Hex() {
        assertThat(OpaqueTokens.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
