package lab.loadtest.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

@DisplayName("The chaos schedule")
class ChaosScheduleTest {

    @Test
    @DisplayName("reads TIME:VERB:SERVICE events separated by commas")
    void parsesEvents() {
        List<ChaosEvent> events = ChaosSchedule.parse("20s:kill:session-app-1,40s:start:session-app-1");
        assertThat(events).containsExactly(
                new ChaosEvent(Duration.ofSeconds(20), ChaosAction.KILL, "session-app-1"),
                new ChaosEvent(Duration.ofSeconds(40), ChaosAction.START, "session-app-1"));
    }

    @Test
    @DisplayName("knows every verb, in any case, and tolerates spaces")
    void everyVerb() {
        List<ChaosEvent> events = ChaosSchedule.parse(" 1s:KILL:a , 2s:pause:b,3s:Unpause:b,4s:stop:c,5s:start:c,6s:restart:redis ");
        assertThat(events).extracting(ChaosEvent::action).containsExactly(ChaosAction.values());
    }

    @Test
    @DisplayName("sorts by time and keeps the written order of simultaneous events")
    void sortsStably() {
        List<ChaosEvent> events = ChaosSchedule.parse("40s:start:x,20s:kill:x,20s:kill:y");
        assertThat(events).extracting(ChaosEvent::describe).containsExactly("20s kill x", "20s kill y", "40s start x");
    }

    @Test
    @DisplayName("is empty when nothing is given")
    void empty() {
        assertThat(ChaosSchedule.parse("")).isEmpty();
        assertThat(ChaosSchedule.parse(null)).isEmpty();
    }

    @DisplayName("refuses malformed events with a message")
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"20s:kill", "kill:session-app-1", "20s:explode:session-app-1", "later:kill:x",
            "20s:kill:", "20s:kill:two words", "20s:kill:x:y", "20s:kill:-x"})
    void refusesMalformed(String spec) {
        assertThatThrownBy(() -> ChaosSchedule.parse(spec)).isInstanceOf(TypeConversionException.class);
    }

    @Test
    @DisplayName("tells how to do an event by hand")
    void byHand() {
        assertThat(ChaosSchedule.event("1m30s:pause:redis").byHand()).isEqualTo("docker compose pause redis");
        assertThat(ChaosSchedule.event("1m30s:pause:redis").describe()).isEqualTo("1m30s pause redis");
    }
}
