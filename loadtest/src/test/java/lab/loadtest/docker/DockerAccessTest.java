package lab.loadtest.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Docker access")
class DockerAccessTest {

    @Test
    @DisplayName("with --no-docker is not even tried, and says so as its reason")
    void notWanted() {
        try (DockerAccess access = new DockerAccess.Plan(false, "session-vs-token-lab").connect()) {
            assertThat(access).isEqualTo(new DockerAccess.Unavailable("--no-docker"));
            assertThat(access.docker()).isEmpty();
            assertThat(access.describe()).isEqualTo("--no-docker");
        }
    }
}
