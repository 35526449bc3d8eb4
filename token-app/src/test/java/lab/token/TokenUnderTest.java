package lab.token;

import io.javalin.Javalin;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import lab.common.config.Env;
import lab.common.contract.AppUnderTest;
import lab.common.contract.Credential;

/** token-app as the shared tests see it: a bearer header (or its cookies), every instance holding the same secret. */
final class TokenUnderTest implements AppUnderTest {
    private final Map<String, String> extraEnv;

    TokenUnderTest() {
        this(Map.of());
    }

    /** With settings of the test's choosing on every instance, on top of the secret. */
    TokenUnderTest(Map<String, String> extraEnv) {
        this.extraEnv = extraEnv;
    }

    @Override
    public Javalin create(Env env) {
        return TokenApp.create(env);
    }

    @Override
    public String mechanism() {
        return "token";
    }

    /** A bearer header; with TOKEN_TRANSPORT=cookie, the access-token cookie and the CSRF header, like a session. */
    @Override
    public Credential credentialFrom(Response login) {
        if ("cookie".equals(extraEnv.get("TOKEN_TRANSPORT"))) {
            return new Credential(Map.of("X-CSRF-Token", login.path("csrfToken")),
                    Map.of(CookieTransport.ACCESS_COOKIE, login.cookie(CookieTransport.ACCESS_COOKIE)));
        }
        return new Credential(Map.of("Authorization", "Bearer " + login.path("access_token")), Map.of());
    }

    @Override
    public Map<String, String> env() {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("JWT_SECRET", TestSecrets.CURRENT);
        return env;
    }
}
