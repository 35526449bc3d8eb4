package lab.common.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256, stored as {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (base64), the
 * algorithm and work factor the OWASP Password Storage Cheat Sheet names. The JDK implements it.
 */
public final class PasswordHash {
    public static final int OWASP_ITERATIONS = 600_000;
    private static final String PREFIX = "pbkdf2-sha256";

    private PasswordHash() {
    }

    public static String hash(char[] password, int iterations) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] derived = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(derived);
    }

    /** Compares in constant time (MessageDigest.isEqual) so the answer's timing says nothing. */
    public static boolean matches(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            throw new IllegalArgumentException("not a " + PREFIX + " hash");
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every JDK", e);
        } finally {
            spec.clearPassword();
        }
    }

    /** Prints a hash for a new demo user: {@code java -cp common.jar lab.common.users.PasswordHash PASSWORD}. */
    public static void main(String[] args) {
        long start = System.nanoTime();
        System.out.println(hash(args[0].toCharArray(), OWASP_ITERATIONS));
        System.err.printf("took %d ms%n", (System.nanoTime() - start) / 1_000_000);
    }
}
