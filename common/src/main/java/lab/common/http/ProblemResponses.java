package lab.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes a {@link Problem} as {@code application/problem+json}. */
public final class ProblemResponses {
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    public static void write(Context ctx, Problem problem) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status()).contentType(CONTENT_TYPE).result(json(problem, ctx.path()));
    }

    static String json(Problem problem, String instancePath) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.type());
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.detail());
        if (instancePath != null) {
            body.put("instance", instancePath);
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }
}
