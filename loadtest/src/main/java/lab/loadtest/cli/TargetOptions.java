package lab.loadtest.cli;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --host} and {@code --target NAME=URL}: where the named targets of a command are. */
public final class TargetOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "${env:LOADTEST_HOST:-127.0.0.1}", paramLabel = "HOST",
            description = "Host of the default targets; nginx inside the compose network. Default: ${DEFAULT-VALUE}")
    String host;

    @Option(names = "--target", paramLabel = "NAME=URL",
            description = "A target's URL by name; replaces a default of the same name or adds one.")
    Map<String, URI> targets = new LinkedHashMap<>();

    public String host() {
        return host;
    }

    public Map<String, URI> given() {
        return targets;
    }

    /**
     * The defaults ({@code http://HOST:PORT/PATH} by name), overridden or extended by {@code --target},
     * restricted to {@code only} when given, every one checked against the network rule.
     */
    public Map<String, URI> resolve(Map<String, String> defaultPortsAndPaths, List<String> only) {
        Map<String, URI> defaults = new LinkedHashMap<>();
        defaultPortsAndPaths.forEach((name, portAndPath) -> defaults.put(name, URI.create("http://" + host + ":" + portAndPath)));
        return Targets.merge(defaults, targets, only, spec);
    }
}
