package lab.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lab.common.auth.OpaqueTokens;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("the session cookie's value: only what we could have issued")
class SessionCookieTest {
    /** The specification the loop in {@link SessionCookie#idFrom} implements. */
    private static final Pattern ISSUED = Pattern.compile("([A-Za-z0-9_-]{43})(?:\\.[A-Za-z0-9_-]{1,64})?");
    private static final String ID = "Ab3_-Ab3_-Ab3_-Ab3_-Ab3_-Ab3_-Ab3_-Ab3_-Ab3"; // 43

    static Stream<String> values() {
        return Stream.of(ID, ID + ".session-app-1", ID + ".", ID + "..x", ID + ".a.b", ID + "." + "r".repeat(64),
                ID + "." + "r".repeat(65), ID.substring(1), ID + "x", ID + "x.r", "", ".", ".r", ID.replace('A', '+'),
                ID.replace('b', '/'), ID.replace('3', '='), ID + ".r=", ID + ".ä", ID.replace('A', 'ä'), ID + " ",
                " " + ID, ID + ".r\n", ID + ";r");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("values")
    @DisplayName("the check agrees with the expression it replaces")
    void agreesWithTheExpression(String value) {
        assertThat(SessionCookie.idFrom(value)).isEqualTo(byExpression(value));
    }

    @RepeatedTest(20)
    @DisplayName("an id we issue, alone or with its instance, is read back")
    void issuedIdsAreReadBack() {
        String id = OpaqueTokens.random();
        assertThat(SessionCookie.idFrom(id)).contains(id);
        assertThat(SessionCookie.idFrom(id + ".session-app-2")).contains(id);
        assertThat(SessionCookie.idFrom(null)).as("no cookie").isEmpty();
    }

    private static Optional<String> byExpression(String value) {
        Matcher matcher = ISSUED.matcher(value);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
