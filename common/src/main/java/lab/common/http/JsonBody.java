package lab.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A JSON object from a request body, with checked field access. Every way a client can get the body
 * wrong ends here as a 4xx problem, never as a 500.
 */
public final class JsonBody implements RequestFields {
    // Numbers are read as BigDecimal, so that 1e400 is a big number, not Infinity.
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    public static JsonBody of(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
            throw new Problem(415, "unsupported-media-type", "The body must be JSON",
                    "send Content-Type: application/json");
        }
        return parse(RequestFields.boundedBody(ctx));
    }

    static JsonBody parse(byte[] bytes) {
        try {
            JsonNode tree = MAPPER.readTree(bytes);
            if (tree instanceof ObjectNode object) {
                return new JsonBody(object);
            }
            throw Problem.badRequest("the body must be a JSON object");
        } catch (JsonProcessingException e) {
            throw Problem.badRequest("the body is not valid JSON");
        } catch (IOException e) {
            throw Problem.badRequest("the body could not be read");
        }
    }

    @Override
    public String text(String field, Pattern pattern) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw Problem.badRequest("'" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw Problem.badRequest("'" + field + "' must be a string");
        }
        if (!pattern.matcher(value.textValue()).matches()) {
            throw Problem.badRequest("'" + field + "' has an invalid value");
        }
        return value.textValue();
    }

    @Override
    public String optionalText(String field, Pattern pattern) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : text(field, pattern);
    }

    /** A JSON array of at most {@code max} distinct strings, each matching {@code pattern}. */
    public List<String> texts(String field, Pattern pattern, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw Problem.badRequest("'" + field + "' is required");
        }
        if (!value.isArray() || value.size() > max) {
            throw Problem.badRequest("'" + field + "' must be an array of at most " + max + " strings");
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || !pattern.matcher(item.textValue()).matches() || texts.contains(item.textValue())) {
                throw Problem.badRequest("'" + field + "' must hold distinct valid strings");
            }
            texts.add(item.textValue());
        }
        return List.copyOf(texts);
    }

    @Override
    public BigDecimal amount(String field, BigDecimal max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw Problem.badRequest("'" + field + "' is required");
        }
        if (!value.isNumber()) {
            throw Problem.badRequest("'" + field + "' must be a number");
        }
        return RequestFields.checkedAmount(field, value.decimalValue(), max);
    }
}
