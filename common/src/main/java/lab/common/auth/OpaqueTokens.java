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
    /** What {@link #random()} returns: 32 bytes in base64url without padding. */
    public static final int RANDOM_CHARS = 43;
    /** Cloned for each hash: cheaper than {@code MessageDigest.getInstance}'s provider lookup on every request. */
    private static final MessageDigest SHA_256 = sha256();

    private OpaqueTokens() {
    }

    /** 256 random bits, base64url without padding: 43 characters, safe in a cookie or a header. */
    public static String random() {
        return randomBase64Url(32);
    }

    /**
     * 128 random bits, base64url without padding: 22 characters, for identifiers that travel in every
     * token (a JWT's {@code jti}, its login's family); a UUID's 36 characters carry 122.
     */
    public static String randomId() {
        return randomBase64Url(16);
    }

    /** The SHA-256 of the token's UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256Hex(String token) {
        try {
            byte[] digest = ((MessageDigest) SHA_256.clone()).digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    /**
     * Whether {@code text} from {@code from} (inclusive) to {@code to} (exclusive) is base64url:
     * {@code [A-Za-z0-9_-]*}. A loop, not that expression: the apps check it on every request.
     */
    public static boolean isBase64Url(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isBase64Url(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static boolean isBase64Url(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static String randomBase64Url(int byteCount) {
        byte[] bytes = new byte[byteCount];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
