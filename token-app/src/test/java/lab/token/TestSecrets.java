package lab.token;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Fixed HS256 secrets for tests: 256 bits each, so every instance of a test agrees. */
public final class TestSecrets {
    public static final byte[] CURRENT_BYTES = "test-secret-current-0123456789ab".getBytes(StandardCharsets.US_ASCII);
    public static final byte[] NEXT_BYTES = "test-secret-next-0123456789abcde".getBytes(StandardCharsets.US_ASCII);
    public static final String CURRENT = Base64.getEncoder().encodeToString(CURRENT_BYTES);
    public static final String NEXT = Base64.getEncoder().encodeToString(NEXT_BYTES);

    private TestSecrets() {
    }
}
