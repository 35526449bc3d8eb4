package lab.token;

import java.util.Map;
import lab.common.contract.AppUnderTest;
import lab.common.contract.ContractTests;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** The same endpoints and the same contract whether the token travels in a header or in a cookie. */
@DisplayName("token-app with TOKEN_TRANSPORT=cookie serves the shared contract")
@Tag("docker") // a real Redis in a container (Testcontainers): Failsafe, `mvn verify`
class TokenCookieContractTest extends ContractTests {
    @Override
    protected AppUnderTest app() {
        return new TokenUnderTest(Map.of("TOKEN_TRANSPORT", "cookie"));
    }
}
