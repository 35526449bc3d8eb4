package lab.loadtest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Versions written into loadtest.properties by the build (resource filtering). */
public final class Version implements IVersionProvider {
    private static final Properties PROPERTIES = load();

    public static String tool() {
        return PROPERTIES.getProperty("loadtest.version", "dev");
    }

    public static String echarts() {
        return PROPERTIES.getProperty("echarts.version");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"loadtest " + tool() + " (Java " + Runtime.version() + ")"};
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/loadtest.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
