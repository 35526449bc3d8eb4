package lab.loadtest.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reports as JSON: the records as they are (Jackson reads record components). */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static void write(Object report, Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), report);
    }

    /** Compact JSON that is safe inside an HTML {@code <script>} element. */
    public static String forScript(Object report) {
        try {
            // "</" would end the script element early; "<\/" means the same to JavaScript.
            return MAPPER.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report).replace("</", "<\\/");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static void writeString(Path file, String text) throws IOException {
        Files.writeString(file, text);
    }
}
