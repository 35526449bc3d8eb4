package lab.session;

import io.javalin.Javalin;
import io.restassured.response.Response;
import java.util.Map;
import lab.common.config.Env;
import lab.common.contract.AppUnderTest;
import lab.common.contract.Credential;

/** session-app as the shared tests see it: a SID cookie plus the CSRF header. */
final class SessionUnderTest implements AppUnderTest {
    private final Map<String, String> env;

    SessionUnderTest() {
        this(Map.of());
    }

    /** {@code env}: variables every instance gets, besides PORT, INSTANCE_ID and REDIS_URL. */
    SessionUnderTest(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Map<String, String> env() {
        return env;
    }
    @Override
    public Javalin create(Env env) {
        return SessionApp.create(env);
    }

    @Override
    public String mechanism() {
        return "session";
    }

    @Override
    public Credential credentialFrom(Response login) {
        return new Credential(Map.of("X-CSRF-Token", login.path("csrfToken")), Map.of("SID", login.cookie("SID")));
    }
}
