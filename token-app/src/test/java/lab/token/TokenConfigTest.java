package lab.token;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad setting stops the app before it serves, with one line naming the variable (LabServer prints it, exits 2). */
@DisplayName("token-app refuses a bad configuration")
class TokenConfigTest {

    @ParameterizedTest(name = "{0}={1} is refused, naming {2}")
    @CsvSource({
            "REVOCATION, redis, REVOCATION",           // the default needs REDIS_URL, which is not set here
            "REVOCATION, maybe, REVOCATION",
            "REVOCATION_FAILURE, sometimes, REVOCATION_FAILURE",
            "ACCESS_TOKEN_TTL, 0, ACCESS_TOKEN_TTL",
            "ACCESS_TOKEN_TTL, forever, ACCESS_TOKEN_TTL",
            "REFRESH_TOKEN_TTL, -1, REFRESH_TOKEN_TTL",
            "CLOCK_SKEW, 3600, CLOCK_SKEW",
            "JWT_ALG, HS512, JWT_ALG",
            "JWT_SECRET, c2VjcmV0, JWT_SECRET",
            "VERIFIED_TOKEN_CACHE, maybe, VERIFIED_TOKEN_CACHE",
            "REDIS_NEAR_CACHE, maybe, REDIS_NEAR_CACHE",
            "TOKEN_TRANSPORT, url, TOKEN_TRANSPORT",
            "DPOP, maybe, DPOP",
            "COOKIE_SAMESITE, none, COOKIE_SAMESITE"})    // None without COOKIE_SECURE=true
    void badSettingsAreRefused(String variable, String value, String named) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "JWT_SECRET", TestSecrets.CURRENT));
        if (!variable.equals("REVOCATION")) {
            env.put("REVOCATION", "off");
        }
        env.put(variable, value);
        assertThatThrownBy(() -> TokenApp.create(new Env(env))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(named + ":");
    }

    @ParameterizedTest(name = "{0} together with {1} is refused, naming {2}")
    @CsvSource({
            "DPOP=on, TOKEN_TRANSPORT=cookie, DPOP",
            "TOKEN_TRANSPORT=cookie, CORS_ALLOWED_ORIGINS=*, CORS_ALLOWED_ORIGINS"})
    void conflictingSettingsAreRefused(String first, String second, String named) {
        Map<String, String> env = new HashMap<>(Map.of("PORT", "0", "JWT_SECRET", TestSecrets.CURRENT, "REVOCATION", "off"));
        for (String setting : new String[] {first, second}) {
            env.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
        }
        assertThatThrownBy(() -> TokenApp.create(new Env(env))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(named + ":");
    }
}
