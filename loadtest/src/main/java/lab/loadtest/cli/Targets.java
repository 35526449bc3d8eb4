package lab.loadtest.cli;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Named base URLs ({@code --target name=url}) and the lab's network rule: a load generator here only
 * ever talks to this machine (localhost, a loopback address) or to a compose service by its
 * one-word name inside the compose network. Anything else is refused, not just warned about.
 */
public final class Targets {
    private Targets() {
    }

    /** The defaults, overridden or extended by name with what was given, optionally restricted to {@code only}. */
    public static Map<String, URI> merge(Map<String, URI> defaults, Map<String, URI> given, List<String> only,
                                         CommandSpec spec) {
        Map<String, URI> merged = new LinkedHashMap<>(defaults);
        merged.putAll(given);
        if (only != null && !only.isEmpty()) {
            Map<String, URI> selected = new LinkedHashMap<>();
            for (String name : only) {
                URI uri = merged.get(name);
                if (uri == null) {
                    throw new ParameterException(spec.commandLine(), "unknown target '" + name + "'; known: " + merged.keySet());
                }
                selected.put(name, uri);
            }
            merged = selected;
        }
        merged.forEach((name, uri) -> check(name, uri, spec));
        return merged;
    }

    static void check(String name, URI uri, CommandSpec spec) {
        if (!name.matches("([A-Za-z0-9_.-]{1,20}/)?[A-Za-z0-9_.-]{1,40}")) {
            throw new ParameterException(spec.commandLine(), "target name '" + name
                    + "': use 1 to 40 letters, digits, '-', '_' or '.', optionally after a group and '/' (nginx/redis-session)");
        }
        if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ParameterException(spec.commandLine(), "target " + name + ": '" + uri + "' is not an http://host:port URL");
        }
        if (!allowedHost(uri.getHost())) {
            throw new ParameterException(spec.commandLine(), "target " + name + ": host '" + uri.getHost()
                    + "' refused: only localhost, loopback addresses or a compose service name (one word, e.g. nginx)");
        }
    }

    /** localhost, 127.x.x.x, [::1], or a single-label name such as a compose service. */
    public static boolean allowedHost(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (bare.matches("[0-9.]+") || bare.contains(":")) {
            try {
                return InetAddress.getByName(bare).isLoopbackAddress(); // a literal: no lookup happens
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return bare.matches("[A-Za-z0-9][A-Za-z0-9_-]*");
    }
}
