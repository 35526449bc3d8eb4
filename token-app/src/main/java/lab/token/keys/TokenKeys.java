package lab.token.keys;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.MacAlgorithm;
import io.jsonwebtoken.security.PublicJwk;
import io.jsonwebtoken.security.SecureDigestAlgorithm;
import io.jsonwebtoken.security.SignatureAlgorithm;
import java.security.Key;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.crypto.SecretKey;
import lab.common.config.Env;

/**
 * The one algorithm this instance uses, the key it signs with, and the only keys it accepts. Nothing
 * about keys is ever taken from a token: a token can only point at one of these by its {@code kid}.
 *
 * @param algorithm        {@code JWT_ALG}: HS256, ES256 or EdDSA
 * @param signingKid       the {@code kid} written in the header of every token this instance signs
 * @param verificationKeys every accepted key by {@code kid}: the signing key's own (or its public half)
 *                         and the previous or extra ones
 * @param publishedKeys    public keys served at {@code /.well-known/jwks.json}; empty for HS256
 */
public record TokenKeys(SecureDigestAlgorithm<?, ?> algorithm, String signingKid, Key signingKey,
                        Map<String, Key> verificationKeys, List<PublicJwk<?>> publishedKeys) {

    public TokenKeys {
        verificationKeys = Map.copyOf(verificationKeys);
        publishedKeys = List.copyOf(publishedKeys);
    }

    public static TokenKeys from(Env env) {
        return switch (env.choice("JWT_ALG", "HS256", "hs256", "es256", "eddsa")) {
            case "hs256" -> HmacKeys.from(env);
            case "es256" -> JwkKeys.from(env, Jwts.SIG.ES256);
            default -> JwkKeys.from(env, Jwts.SIG.EdDSA);
        };
    }

    /** Never prints a key: a record would print every component, and some key classes print their value. */
    @Override
    public String toString() {
        return "TokenKeys[" + algorithmId() + ", signing kid " + signingKid + ", accepted kids " + verificationKeys.keySet() + "]";
    }

    /** The {@code alg} header value, e.g. {@code HS256}. */
    public String algorithmId() {
        return algorithm.getId();
    }

    /** Signs with the configured key and algorithm: the only combination this instance ever produces. */
    public String sign(JwtBuilder builder) {
        if (algorithm instanceof MacAlgorithm mac && signingKey instanceof SecretKey secret) {
            return builder.signWith(secret, mac).compact();
        }
        if (algorithm instanceof SignatureAlgorithm signature && signingKey instanceof PrivateKey key) {
            return builder.signWith(key, signature).compact();
        }
        throw new IllegalStateException("the signing key does not fit " + algorithmId());
    }

    /** The JWK Set document for {@code /.well-known/jwks.json}, when there are public keys to publish. */
    public Optional<String> jwksJson() {
        if (publishedKeys.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(publishedKeys.stream().map(Jwks::json).collect(Collectors.joining(",", "{\"keys\":[", "]}")));
    }
}
