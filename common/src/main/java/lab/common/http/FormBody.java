package lab.common.http;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An {@code application/x-www-form-urlencoded} body, decoded by Jetty and held to the same rules as
 * {@link JsonBody}.
 */
final class FormBody implements RequestFields {
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,2})?");
    private final Map<String, List<String>> fields;

    private FormBody(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    static FormBody of(Context ctx) {
        RequestFields.boundedBody(ctx);
        try {
            return new FormBody(ctx.formParamMap());
        } catch (RuntimeException e) { // Jetty's BadMessageException for a malformed encoding
            throw Problem.badRequest("the form is not validly encoded");
        }
    }

    @Override
    public String text(String field, Pattern pattern) {
        List<String> values = fields.get(field);
        if (values == null || values.isEmpty()) {
            throw Problem.badRequest("'" + field + "' is required");
        }
        if (values.size() > 1 || !pattern.matcher(values.get(0)).matches()) {
            throw Problem.badRequest("'" + field + "' has an invalid value");
        }
        return values.get(0);
    }

    @Override
    public String optionalText(String field, Pattern pattern) {
        return fields.containsKey(field) ? text(field, pattern) : "";
    }

    @Override
    public BigDecimal amount(String field, BigDecimal max) {
        return RequestFields.checkedAmount(field, new BigDecimal(text(field, DECIMAL)), max);
    }
}
