package lab.loadtest.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import lab.loadtest.Version;

/**
 * Self-contained HTML pages: a template from the classpath with ECharts (from its webjar) and the
 * data inlined, so that the file opens offline, from an e-mail or a CI artifact, with no server.
 */
public final class Html {
    private Html() {
    }

    /** The template with {@code {{TITLE}}}, {@code {{DATA}}} and {@code {{ECHARTS}}} filled in. */
    public static String page(String template, String title, Object data) {
        String html = resource("/lab/loadtest/report/" + template);
        // DATA and ECHARTS last: neither may be searched for placeholders after insertion.
        return html.replace("{{TITLE}}", escape(title))
                .replace("{{ECHARTS_VERSION}}", Version.echarts())
                .replace("{{DATA}}", Json.forScript(data))
                .replace("{{ECHARTS}}", echarts());
    }

    /** The minified ECharts bundle of the webjar this build depends on. */
    public static String echarts() {
        return resource("/META-INF/resources/webjars/echarts/" + Version.echarts() + "/dist/echarts.min.js");
    }

    static String resource(String path) {
        try (InputStream in = Html.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
