package lab.loadtest.bench;

import java.net.URI;
import java.util.Optional;

/**
 * A named thing to measure. A URL with a path ({@code http://127.0.0.1:8083/health}) is requested as it
 * is, with no credential: a baseline. A base URL ({@code http://127.0.0.1:8081}) is a stack of the
 * lab's contract: the bench logs in and requests {@code GET /api/me} with what the login gave.
 *
 * <p>A name may start with a group, {@code nginx/redis-session}: the targets of a group are compared
 * with that group's own baseline ({@code nginx/no-auth}), so that one run can measure the same
 * instances both directly and through a balancer, each against the right zero.
 *
 * <p>A plain URL may {@code carry} the credential of a login at another stack: the same request, plus
 * that stack's cookie or token, which nothing on the way checks. Against its baseline it measures what
 * the credential's bytes alone cost (written, sent, parsed), apart from any work to check them.
 */
public record BenchTarget(String name, URI url, Optional<URI> carry) {

    public BenchTarget(String name, URI url) {
        this(name, url, Optional.empty());
    }

    public boolean plain() {
        return hasPath(url);
    }

    /** Whether {@code url} names a page ({@code /health}) rather than a stack's base URL. */
    static boolean hasPath(URI url) {
        String path = url.getPath();
        return path != null && !path.isEmpty() && !path.equals("/");
    }

    /** The part of the name before '/', or "" for a target without a group. */
    public String group() {
        return groupOf(name);
    }

    static String groupOf(String name) {
        int slash = name.indexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** The name of this target's group's baseline, given the baseline's name without a group. */
    public String baselineIn(String baseline) {
        return group().isEmpty() ? baseline : group() + "/" + baseline;
    }
}
