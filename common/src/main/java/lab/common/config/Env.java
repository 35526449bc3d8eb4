package lab.common.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed access to environment variables (twelve-factor). Every getter names its variable and its
 * default, and rejects a bad value with a {@link ConfigException} naming the variable.
 */
public final class Env {
    private final Map<String, String> vars;

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    public static Env system() {
        return new Env(System.getenv());
    }

    public Optional<String> optional(String name) {
        String value = vars.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(raw.get());
            if (value < min || value > max) {
                throw new ConfigException(name, "must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(name, "must be a whole number, was '" + raw.get() + "'");
        }
    }

    /** One of a fixed set of words, case-insensitive; returned in lower case. */
    public String choice(String name, String defaultValue, String... allowed) {
        String value = string(name, defaultValue).toLowerCase();
        if (Arrays.stream(allowed).noneMatch(value::equals)) {
            throw new ConfigException(name, "must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
        }
        return value;
    }

    public boolean flag(String name, boolean defaultValue) {
        return switch (choice(name, Boolean.toString(defaultValue), "true", "false", "on", "off")) {
            case "true", "on" -> true;
            default -> false;
        };
    }

    /** A comma-separated list; blank entries dropped. */
    public List<String> list(String name, String defaultValue) {
        return Arrays.stream(string(name, defaultValue).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
