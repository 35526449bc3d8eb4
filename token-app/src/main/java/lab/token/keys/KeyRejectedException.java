package lab.token.keys;

import io.jsonwebtoken.security.SecurityException;

/** A token asked for a key or algorithm this instance does not accept. Its message is safe to show. */
public final class KeyRejectedException extends SecurityException {
    public KeyRejectedException(String message) {
        super(message);
    }
}
