package lab.loadtest.bench;

import java.net.URI;

/**
 * A named thing to measure. A URL with a path ({@code http://127.0.0.1:8083/health}) is requested as it
 * is, with no credential: a baseline. A base URL ({@code http://127.0.0.1:8081}) is a stack of the
 * lab's contract: the bench logs in and requests {@code GET /api/me} with what the login gave.
 *
 * <p>A name may start with a group, {@code nginx/redis-session}: the targets of a group are compared
 * with that group's own baseline ({@code nginx/no-auth}), so that one run can measure the same
 * instances both directly and through a balancer, each against the right zero.
 */
public record BenchTarget(String name, URI url) {

    public boolean plain() {
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
