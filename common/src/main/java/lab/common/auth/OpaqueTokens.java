package lab.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The opaque secrets the apps hand out (session ids, CSRF tokens, refresh tokens), and the name
 * each is kept under: its SHA-256, so that a copy of Redis or of a cache holds no usable secret.
 */
public final class OpaqueTokens {
    private static final SecureRandom RANDOM = new SecureRandom(); // thread-safe; seeded by the OS

    private OpaqueTokens() {
    }

    /** 256 random bits, base64url without padding: 43 characters, safe in a cookie or a header. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of the token's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256Hex(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
