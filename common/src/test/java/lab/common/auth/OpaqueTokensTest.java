package lab.common.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OpaqueTokensTest {
    private static final String SHA_256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    @DisplayName("a random token is 43 base64url characters (256 bits), and no two are alike")
    void randomTokens() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = OpaqueTokens.random();
            assertThat(token).matches("[A-Za-z0-9_-]{43}").hasSize(OpaqueTokens.RANDOM_CHARS);
            assertThat(OpaqueTokens.isBase64Url(token, 0, token.length())).isTrue();
            assertThat(seen.add(token)).as("token %d repeats an earlier one", i).isTrue();
        }
    }

    @Test
    @DisplayName("a random id is 22 base64url characters (128 bits), and no two are alike")
    void randomIds() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = OpaqueTokens.randomId();
            assertThat(id).matches("[A-Za-z0-9_-]{22}");
            assertThat(seen.add(id)).as("id %d repeats an earlier one", i).isTrue();
        }
    }

    @Test
    @DisplayName("a token is kept under its SHA-256 in lower-case hex (the FIPS 180-2 test vector)")
    void sha256Hex() {
        assertThat(OpaqueTokens.sha256Hex("abc")).isEqualTo(SHA_256_OF_ABC);
    }

    @Test
    @DisplayName("hashes share no state: the same digest every time, also from many threads at once")
    void sha256HexFromManyThreads() {
        IntStream.range(0, 2000).parallel()
                .forEach(i -> assertThat(OpaqueTokens.sha256Hex(i % 2 == 0 ? "abc" : "x" + i)).hasSize(64));
        assertThat(IntStream.range(0, 200).parallel().mapToObj(i -> OpaqueTokens.sha256Hex("abc")).distinct().toList())
                .containsExactly(SHA_256_OF_ABC);
    }

    @Test
    @DisplayName("base64url is A-Z, a-z, 0-9, '-' and '_', nothing else")
    void base64UrlCharacters() {
        assertThat(OpaqueTokens.isBase64Url("AZaz09-_", 0, 8)).isTrue();
        assertThat("+/=.ä \n".chars().filter(c -> OpaqueTokens.isBase64Url((char) c))).isEmpty();
        assertThat(OpaqueTokens.isBase64Url("ab+cd", 0, 2)).as("only the range is checked").isTrue();
    }
}
