package lab.token.keys;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HS256: one shared secret that both signs and verifies, so every instance must hold it (and anyone
 * who holds it can mint tokens). Old secrets stay accepted for verification so that rotating the
 * secret logs nobody out.
 */
final class HmacKeys {
    private static final Logger LOG = LoggerFactory.getLogger(HmacKeys.class);
    /** RFC 7518 section 3.2: an HS256 key must be at least as long as the hash output. */
    static final int MIN_BYTES = 32;
    private static final String HOW_TO = "make one with: openssl rand -base64 32";
    /**
     * SHA-256 of the default JWT_SECRET in docker-compose.yml (decoded): published in the repository, so
     * anyone holds it. Only its hash is kept here, to recognise it without spreading it further.
     */
    private static final byte[] PUBLISHED_DEMO_SECRET_SHA256 =
            HexFormat.of().parseHex("38b0b96241cb80959bf7159362ae0d2d46aa6a27ec9f05a03499f0c4b1fbfad1");

    private HmacKeys() {
    }

    static TokenKeys from(Env env) {
        warnAboutAsymmetricSettings(env);
        byte[] current = env.optional("JWT_SECRET")
                .map(value -> decode("JWT_SECRET", value))
                .orElseGet(() -> generateForDevelopment(env));
        String signingKid = kid(current);
        Map<String, Key> keys = new LinkedHashMap<>();
        keys.put(signingKid, Keys.hmacShaKeyFor(current));
        boolean published = isPublishedDemoSecret(current);
        List<String> previous = env.list("JWT_PREVIOUS_SECRETS", "");
        for (String secret : previous) {
            byte[] bytes = decode("JWT_PREVIOUS_SECRETS", secret);
            keys.putIfAbsent(kid(bytes), Keys.hmacShaKeyFor(bytes));
            published |= isPublishedDemoSecret(bytes);
        }
        if (published) {
            LOG.warn("HS256 runs with the published demo secret of docker-compose.yml (JWT_SECRET or JWT_PREVIOUS_SECRETS): "
                    + "anyone can mint tokens this instance accepts; set your own ({})", HOW_TO);
        }
        LOG.info("HS256: signing with kid={}, accepting {} previous key(s)", signingKid, keys.size() - 1);
        return new TokenKeys(Jwts.SIG.HS256, signingKid, keys.get(signingKid), keys, List.of());
    }

    /**
     * A key id every instance derives alike from the same secret (so no instance needs to be told),
     * and which reveals nothing useful about it: the first 8 bytes of its SHA-256, base64url.
     */
    static String kid(byte[] secret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha256(secret), 8));
    }

    /** Whether this (decoded) secret is the demo value published in docker-compose.yml. */
    static boolean isPublishedDemoSecret(byte[] secret) {
        return MessageDigest.isEqual(sha256(secret), PUBLISHED_DEMO_SECRET_SHA256);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static byte[] decode(String variable, String value) {
        byte[] bytes = base64(value).orElseThrow(() ->
                new ConfigException(variable, "is not base64 (" + HOW_TO + ")"));
        if (bytes.length < MIN_BYTES) {
            throw new ConfigException(variable, "is " + bytes.length * 8 + " bits; HS256 needs at least "
                    + MIN_BYTES * 8 + " random bits (" + HOW_TO + ")");
        }
        return bytes;
    }

    /** Standard base64 (what openssl prints) or its URL-safe variant. */
    private static Optional<byte[]> base64(String value) {
        byte[] ascii = value.getBytes(StandardCharsets.US_ASCII);
        for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
            try {
                return Optional.of(decoder.decode(ascii));
            } catch (IllegalArgumentException notThisAlphabet) {
                // try the next alphabet
            }
        }
        return Optional.empty();
    }

    private static byte[] generateForDevelopment(Env env) {
        if (!env.flag("JWT_DEV_GENERATE_SECRET", false)) {
            throw new ConfigException("JWT_SECRET", "is required with JWT_ALG=HS256: base64 of at least "
                    + MIN_BYTES * 8 + " random bits (" + HOW_TO + "); for a throwaway instance set JWT_DEV_GENERATE_SECRET=true");
        }
        byte[] secret = new byte[MIN_BYTES];
        new SecureRandom().nextBytes(secret);
        LOG.warn("JWT_DEV_GENERATE_SECRET=true: generated a random HS256 secret (kid={}); its tokens die with this "
                + "process and no other instance accepts them. Never use this in production.", kid(secret));
        return secret;
    }

    /**
     * A JWK file next to HS256 is ignored, loudly: a forgotten JWT_ALG would otherwise go unnoticed. Not
     * an error, so that one environment file (docker-compose) can carry the settings of every algorithm.
     */
    private static void warnAboutAsymmetricSettings(Env env) {
        for (String variable : List.of("JWT_SIGNING_JWK_FILE", "JWT_VERIFICATION_JWKS_FILE")) {
            if (env.optional(variable).isPresent()) {
                LOG.warn("{} is ignored: it is only used with JWT_ALG=ES256 or EdDSA, and JWT_ALG is HS256", variable);
            }
        }
    }
}
