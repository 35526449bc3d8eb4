package lab.common.http;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/** The checked fields of a request body, whatever its encoding. */
public interface RequestFields {
    int MAX_BYTES = 4096;

    /** A required string field that matches {@code pattern}. */
    String text(String field, Pattern pattern);

    /** An optional string field: empty when absent, else it must match {@code pattern}. */
    String optionalText(String field, Pattern pattern);

    /** A required amount, positive and at most {@code max}, with at most two decimals. */
    BigDecimal amount(String field, BigDecimal max);

    /**
     * JSON, or also an HTML form when {@code formsAccepted}. A form is what a cross-site page can
     * send without a preflight, so accepting one is what makes a classic CSRF attack possible.
     */
    static RequestFields of(Context ctx, boolean formsAccepted) {
        String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase();
        if (formsAccepted && type.startsWith("application/x-www-form-urlencoded")) {
            return FormBody.of(ctx);
        }
        return JsonBody.of(ctx);
    }

    /** The raw body, or a 413 problem when it is larger than {@link #MAX_BYTES}. */
    static byte[] boundedBody(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length > MAX_BYTES) {
            throw new Problem(413, "body-too-large", "The body is too large", "at most " + MAX_BYTES + " bytes");
        }
        return bytes;
    }

    static BigDecimal checkedAmount(String field, BigDecimal amount, BigDecimal max) {
        if (amount.signum() <= 0 || amount.compareTo(max) > 0 || amount.stripTrailingZeros().scale() > 2) {
            throw Problem.badRequest("'" + field + "' must be between 0.01 and " + max.toPlainString()
                    + " with at most two decimals");
        }
        return amount.setScale(2);
    }
}
