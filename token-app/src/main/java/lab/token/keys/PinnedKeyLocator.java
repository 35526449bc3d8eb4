package lab.token.keys;

import io.jsonwebtoken.Header;
import io.jsonwebtoken.Locator;
import io.jsonwebtoken.ProtectedHeader;
import java.security.Key;

/**
 * Hands the parser the key for a token, and refuses every way a token can try to choose its own
 * verification: an algorithm other than the configured one (HS256/ES256 confusion), a key inside
 * the token ({@code jwk}, {@code x5c}), a key at an address the token names ({@code jku}, {@code x5u}),
 * or a {@code kid} this instance was not configured with.
 */
public final class PinnedKeyLocator implements Locator<Key> {
    private final TokenKeys keys;

    public PinnedKeyLocator(TokenKeys keys) {
        this.keys = keys;
    }

    @Override
    public Key locate(Header header) {
        if (!(header instanceof ProtectedHeader protectedHeader)) {
            throw new KeyRejectedException("the token is not signed");
        }
        if (protectedHeader.getJwk() != null || protectedHeader.getJwkSetUrl() != null
                || protectedHeader.getX509Url() != null || protectedHeader.getX509Chain() != null) {
            throw new KeyRejectedException("the token names its own key");
        }
        if (!keys.algorithmId().equals(protectedHeader.getAlgorithm())) {
            throw new KeyRejectedException("the token is not signed with " + keys.algorithmId());
        }
        String kid = protectedHeader.getKeyId();
        Key key = kid == null ? null : keys.verificationKeys().get(kid);
        if (key == null) {
            throw new KeyRejectedException("the token's kid is not one of this server's keys");
        }
        return key;
    }
}
