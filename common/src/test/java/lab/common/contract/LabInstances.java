package lab.common.contract;

import static io.restassured.RestAssured.given;

import io.javalin.Javalin;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lab.common.config.Env;
import lab.common.redis.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Runs instances of one app in-process against one real Redis (or a Redis Cluster, see
 * {@link ClusterContractTests}), and gives tests the small HTTP
 * vocabulary they share: log in, send JSON, address an instance.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LabInstances {
    protected static final String PROBLEM_JSON = "application/problem+json";
    private final List<Javalin> running = new ArrayList<>();
    /** A client of the instances' Redis, for tests that look at or change what is stored. */
    protected final RedisClient redis = Redis.connect(URI.create(RedisSupport.url(RedisSupport.shared())));
    protected String instanceA;
    protected String instanceB;

    /** The app under test. */
    protected abstract AppUnderTest app();

    /** How the instances find their Redis: one server here; {@link ClusterContractTests} gives a cluster. */
    protected Map<String, String> redisEnv() {
        return Map.of("REDIS_URL", RedisSupport.url(RedisSupport.shared()));
    }

    /** A client of the instances' Redis, whichever it is, for tests that change what is stored. */
    protected UnifiedJedis store() {
        return redis;
    }

    protected Credential credentialFrom(Response login) {
        return app().credentialFrom(login);
    }

    @BeforeAll
    void startTwoInstances() {
        instanceA = start("instance-a", Map.of());
        instanceB = start("instance-b", Map.of());
    }

    @AfterAll
    void stopInstances() {
        running.forEach(Javalin::stop);
        redis.close();
    }

    /** How many times Redis has run this command so far (the calls made by scripts included). */
    protected long redisCalls(String command) {
        Matcher m = Pattern.compile("cmdstat_" + command + ":calls=(\\d+)").matcher(redis.info("commandstats"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Starts one more instance on a free port; returns its base URI. */
    protected String start(String instanceId, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(app().env());
        env.put("PORT", "0");
        env.put("INSTANCE_ID", instanceId);
        env.putAll(redisEnv());
        env.putAll(extraEnv);
        Javalin app = app().create(new Env(env)).start();
        running.add(app);
        return "http://127.0.0.1:" + app.port();
    }

    protected static RequestSpecification at(String baseUri) {
        return given().baseUri(baseUri).redirects().follow(false);
    }

    /** The value of one sample of an instance's GET /metrics: the line that has this name and all these labels. */
    protected static double metric(String baseUri, String name, String... labels) {
        String text = at(baseUri).get("/metrics").then().statusCode(200).extract().asString();
        return text.lines()
                .filter(line -> line.startsWith(name + "{") && Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no sample " + name + " " + List.of(labels)));
    }

    protected static Response loginResponse(String baseUri, String username, String password) {
        return at(baseUri).contentType("application/json")
                .body(Map.of("username", username, "password", password))
                .post("/auth/login");
    }

    protected Credential login(String baseUri, String username) {
        Response response = loginResponse(baseUri, username, username + "-pw");
        response.then().statusCode(200);
        return credentialFrom(response);
    }

    /** {@code POST /api/admin/roles} as {@code admin}: gives {@code username} these roles. */
    protected static Response changeRoles(RequestSpecification admin, String username, String... roles) {
        return admin.contentType("application/json").body(Map.of("username", username, "roles", List.of(roles)))
                .post("/api/admin/roles");
    }

    /** Puts every user back to the directory's default roles: a test that changed some calls it when done. */
    protected void resetRoles() {
        // One key at a time: on a cluster the two may live on different nodes.
        store().del("directory:roles:alice");
        store().del("directory:roles:bob");
    }

    protected static Response postJson(RequestSpecification request, String path, String json) {
        return request.contentType("application/json").body(json).post(path);
    }
}
