package lab.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionTest {

    @Test
    @DisplayName("a session printed in a log shows who, never its id or CSRF token")
    void toStringHidesTheCredentials() {
        Session session = new Session("s3ssion-id", "alice", "csrf-t0ken", 1_700_000_000L);
        assertThat(session.toString()).contains("alice").doesNotContain("s3ssion-id").doesNotContain("csrf-t0ken");
        assertThat(session.withId("n3w-id").toString()).doesNotContain("n3w-id");
    }
}
