package lab.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for one stack of the lab, in this JVM: the contract's endpoints with cookie sessions
 * (plus CSRF) or bearer tokens, remembered in a map that a test can wipe, like an instance that died.
 * Logins are instant here: the tests are about the tool, not about PBKDF2.
 */
public final class FakeLab implements AutoCloseable {
    public enum Mode { SESSION, TOKEN }

    private final Mode mode;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final Map<String, String> credentials = new ConcurrentHashMap<>(); // credential -> csrf token
    private final AtomicInteger counter = new AtomicInteger();
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger apiRequests = new AtomicInteger();
    private volatile int forgetAt = -1;

    public FakeLab(Mode mode) throws IOException {
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/login", this::login);
        server.createContext("/api/me", exchange -> authenticated(exchange, 200, "{\"username\":\"alice\"}"));
        server.createContext("/api/transfers", exchange -> authenticated(exchange, 201, "{\"id\":\"t\"}"));
        server.createContext("/health", this::health);
        server.setExecutor(executor);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * Forgets every session or token once, as an instance that lost its memory would, when the
     * {@code n}-th authenticated request arrives (so, in a run, after every user has logged in).
     */
    public void forgetAllAt(int n) {
        forgetAt = n;
    }

    public int logins() {
        return logins.get();
    }

    /** Like the session app's near cache, as a count: here every fourth API request is a miss. */
    private void health(HttpExchange exchange) throws IOException {
        int n = apiRequests.get();
        send(exchange, 200, mode == Mode.TOKEN ? "{\"status\":\"up\"}"
                : "{\"status\":\"up\",\"caches\":[{\"cache\":\"sessions\",\"hits\":" + (n - n / 4) + ",\"misses\":" + n / 4 + "}]}");
    }

    private void login(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        logins.incrementAndGet();
        String id = "c" + counter.incrementAndGet() + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
        String csrf = "csrf-" + id;
        if (mode == Mode.TOKEN) {
            credentials.put("Bearer " + id, csrf);
            send(exchange, 200, "{\"access_token\":\"" + id + "\",\"refresh_token\":\"r\",\"expires_in\":900}");
        } else {
            credentials.put("SID=" + id + ".fake-1", csrf);
            exchange.getResponseHeaders().add("Set-Cookie", "SID=" + id + ".fake-1; Path=/; HttpOnly; SameSite=Lax");
            send(exchange, 200, "{\"username\":\"alice\",\"csrfToken\":\"" + csrf + "\"}");
        }
    }

    private void authenticated(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (apiRequests.incrementAndGet() == forgetAt) {
            credentials.clear();
        }
        String presented = Optional.ofNullable(exchange.getRequestHeaders().getFirst(mode == Mode.TOKEN ? "Authorization" : "Cookie"))
                .orElse("");
        String csrf = credentials.get(presented);
        if (csrf == null) {
            send(exchange, 401, "{\"title\":\"Unauthorized\"}");
        } else if (mode == Mode.SESSION && exchange.getRequestMethod().equals("POST")
                && !csrf.equals(exchange.getRequestHeaders().getFirst("X-CSRF-Token"))) {
            send(exchange, 403, "{\"title\":\"CSRF\"}");
        } else {
            send(exchange, status, body);
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Instance", "fake-1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
