package lab.common.contract;

import io.javalin.Javalin;
import io.restassured.response.Response;
import java.util.Map;
import lab.common.config.Env;

/** What the shared tests need to know about one app: how to build it and what its credential is. */
public interface AppUnderTest {

    /** Builds (does not start) the app from this environment. */
    Javalin create(Env env);

    /** {@code session} or {@code token}. */
    String mechanism();

    /** What a client keeps from a successful login response. */
    Credential credentialFrom(Response login);

    /** Variables every instance gets, besides PORT, INSTANCE_ID and REDIS_URL. */
    default Map<String, String> env() {
        return Map.of();
    }
}
