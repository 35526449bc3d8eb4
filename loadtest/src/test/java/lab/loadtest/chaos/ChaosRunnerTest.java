package lab.loadtest.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The chaos runner")
class ChaosRunnerTest {

    /** Records what it was asked to do; fails for the service named "broken". */
    static final class FakeControl implements ContainerControl {
        final List<String> done = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void apply(ChaosAction action, String service) {
            if (service.equals("broken")) {
                throw new IllegalStateException("no container of service 'broken'");
            }
            done.add(action.verb() + " " + service);
        }

        @Override
        public String describe() {
            return "fake";
        }
    }

    @Test
    @DisplayName("does each service's events in time order and records each outcome")
    void executesInOrder() {
        FakeControl control = new FakeControl();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (ChaosRunner runner = new ChaosRunner(ChaosSchedule.parse("100ms:start:a,0s:kill:a,50ms:pause:broken,0s:stop:b"),
                Optional.of(control), "", log::add)) {
            runner.start(System.nanoTime());
            // All four events announced (the failing one too), then the records are final.
            await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 4);
            List<ChaosRecord> records = runner.finish();
            assertThat(control.done).containsSubsequence("kill a", "start a").contains("stop b").hasSize(3);
            assertThat(records).filteredOn(r -> r.service().equals("broken")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.executed()).isFalse();
                        assertThat(r.outcome()).isEqualTo("failed: no container of service 'broken'");
                    });
            assertThat(records).filteredOn(ChaosRecord::executed).extracting(ChaosRecord::label)
                    .containsExactlyInAnyOrder("kill a", "start a", "stop b");
            assertThat(log).hasSize(4);
        }
    }

    @Test
    @DisplayName("without Docker announces each event for a person and records it as not executed")
    void withoutDocker() {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        try (ChaosRunner runner = new ChaosRunner(ChaosSchedule.parse("0s:kill:session-app-1"), Optional.empty(),
                "no Docker socket", log::add)) {
            runner.start(System.nanoTime());
            await().atMost(Duration.ofSeconds(5)).until(() -> log.size() == 1);
            List<ChaosRecord> records = runner.finish();
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.executed()).isFalse();
                assertThat(r.outcome()).isEqualTo("not executed: no Docker socket");
                assertThat(r.label()).isEqualTo("kill session-app-1 (not executed)");
            });
            assertThat(log).singleElement().asString().contains("docker compose kill session-app-1");
        }
    }

    @Test
    @DisplayName("records events the run did not reach")
    void notReached() {
        FakeControl control = new FakeControl();
        try (ChaosRunner runner = new ChaosRunner(ChaosSchedule.parse("0s:kill:a,1h:start:a"), Optional.of(control),
                "", line -> { })) {
            runner.start(System.nanoTime());
            await().atMost(Duration.ofSeconds(5)).until(() -> control.done.contains("kill a"));
            List<ChaosRecord> records = runner.finish();
            assertThat(records).extracting(ChaosRecord::outcome).containsExactly("done", "not reached: the run ended first");
        }
    }
}
