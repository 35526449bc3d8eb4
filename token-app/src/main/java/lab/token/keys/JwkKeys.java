package lab.token.keys;

import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lab.common.config.ConfigException;
import lab.common.config.Env;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ES256 and EdDSA: a private key signs, and only its public half is needed to verify, so it can be
 * published at {@code /.well-known/jwks.json} for anyone (an API gateway, another service) to check
 * tokens without being able to mint them. Keys come from JWK files ({@code generate-jwk} writes one).
 */
final class JwkKeys {
    private static final Logger LOG = LoggerFactory.getLogger(JwkKeys.class);
    static final String SIGNING_FILE = "JWT_SIGNING_JWK_FILE";
    static final String EXTRA_KEYS_FILE = "JWT_VERIFICATION_JWKS_FILE";

    private JwkKeys() {
    }

    static TokenKeys from(Env env, SignatureAlgorithm algorithm) {
        warnAboutHmacSettings(env, algorithm);
        Path signingFile = env.optional(SIGNING_FILE).map(Path::of).orElseThrow(() -> new ConfigException(SIGNING_FILE,
                "is required with JWT_ALG=" + algorithm.getId() + " (make one with: java -jar token-app.jar generate-jwk "
                        + algorithm.getId() + " signing.jwk.json)"));
        PrivateJwk<?, ?, ?> signing = signingJwk(signingFile);
        PublicJwk<?> signingPublic = signing.toPublicJwk();
        String kid = kid(SIGNING_FILE, signingPublic);
        checkPair(algorithm, signing.toKey(), signingPublic.toKey());

        Map<String, Key> keys = new LinkedHashMap<>();
        List<PublicJwk<?>> published = new ArrayList<>();
        keys.put(kid, signingPublic.toKey());
        published.add(signingPublic);
        for (PublicJwk<?> extra : extraKeys(env)) {
            if (keys.putIfAbsent(kid(EXTRA_KEYS_FILE, extra), extra.toKey()) == null) {
                published.add(extra);
            }
        }
        LOG.info("{}: signing with kid={}, accepting {} extra public key(s)", algorithm.getId(), kid, keys.size() - 1);
        return new TokenKeys(algorithm, kid, signing.toKey(), keys, published);
    }

    private static PrivateJwk<?, ?, ?> signingJwk(Path file) {
        Jwk<?> jwk = parse(SIGNING_FILE, file, text -> Jwks.parser().build().parse(text));
        if (!(jwk instanceof PrivateJwk<?, ?, ?> privateJwk)) {
            throw new ConfigException(SIGNING_FILE, "must hold a private JWK (with \"d\"); the public half is derived from it");
        }
        return privateJwk;
    }

    /** Public keys accepted besides the signing key's: other instances' keys, or a key being rotated out. */
    private static List<PublicJwk<?>> extraKeys(Env env) {
        if (env.optional(EXTRA_KEYS_FILE).isEmpty()) {
            return List.of();
        }
        Path file = Path.of(env.optional(EXTRA_KEYS_FILE).get());
        JwkSet set = parse(EXTRA_KEYS_FILE, file, text -> Jwks.setParser().build().parse(text));
        List<PublicJwk<?>> keys = new ArrayList<>();
        for (Jwk<?> jwk : set.getKeys()) {
            if (!(jwk instanceof PublicJwk<?> publicJwk)) {
                throw new ConfigException(EXTRA_KEYS_FILE, "must hold public keys only; never copy a private key there");
            }
            keys.add(publicJwk);
        }
        return keys;
    }

    private interface JsonParser<T> {
        T parse(String json);
    }

    private static <T> T parse(String variable, Path file, JsonParser<T> parser) {
        String json;
        try {
            json = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(variable, "cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return parser.parse(json);
        } catch (JwtException | IllegalArgumentException | IllegalStateException e) {
            // The library's message is not repeated: it could quote parts of a private key.
            throw new ConfigException(variable, file + " is not a valid JWK document (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Every key needs a {@code kid}: it is how a token names its key, and how JWKS clients find it. */
    private static String kid(String variable, Jwk<?> jwk) {
        String kid = jwk.getId();
        if (kid == null || kid.isBlank()) {
            throw new ConfigException(variable, "every JWK needs a \"kid\" (generate-jwk writes one)");
        }
        return kid;
    }

    /** Signs and verifies once at startup, so a key of the wrong type or curve stops the app now, not at login. */
    private static void checkPair(SignatureAlgorithm algorithm, PrivateKey privateKey, PublicKey publicKey) {
        try {
            String probe = Jwts.builder().subject("startup-check").signWith(privateKey, algorithm).compact();
            Jwts.parser().verifyWith(publicKey).build().parseSignedClaims(probe);
        } catch (JwtException | IllegalArgumentException e) {
            throw new ConfigException(SIGNING_FILE, "does not hold a key for JWT_ALG=" + algorithm.getId()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A shared secret next to an asymmetric algorithm is ignored, loudly (see HmacKeys for why not an error). */
    private static void warnAboutHmacSettings(Env env, SignatureAlgorithm algorithm) {
        for (String variable : List.of("JWT_SECRET", "JWT_PREVIOUS_SECRETS")) {
            if (env.optional(variable).isPresent()) {
                LOG.warn("{} is ignored: it is only used with JWT_ALG=HS256, and JWT_ALG is {}", variable, algorithm.getId());
            }
        }
    }
}
