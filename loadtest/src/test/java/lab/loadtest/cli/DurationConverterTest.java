package lab.loadtest.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

@DisplayName("Durations on the command line")
class DurationConverterTest {

    @DisplayName("are read as people write them, or as ISO-8601")
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource({"60s, 60000", "500ms, 500", "2m, 120000", "1m30s, 90000", "1.5s, 1500", "1h, 3600000", "PT20S, 20000",
            "0s, 0", " 10S , 10000"})
    void parses(String text, long millis) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @DisplayName("refuse anything else, with a message that shows the expected form")
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "60", "s", "-5s", "5 s", "ten seconds", "5d", "PT-5S", "1.5ms"})
    void refuses(String text) {
        assertThatThrownBy(() -> DurationConverter.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("60s");
    }

    @Test
    @DisplayName("are written back in the short form")
    void formats() {
        assertThat(DurationConverter.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(DurationConverter.format(Duration.ofMillis(250))).isEqualTo("250ms");
        assertThat(DurationConverter.format(Duration.ZERO)).isEqualTo("0s");
    }
}
