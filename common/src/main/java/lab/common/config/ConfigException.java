package lab.common.config;

/** An invalid environment variable. Its message is the one line printed before the app exits. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
