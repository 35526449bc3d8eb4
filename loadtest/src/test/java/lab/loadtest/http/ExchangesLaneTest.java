package lab.loadtest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A lane against a server that ends its keep-alive connections, as nginx does after keepalive_requests. */
@DisplayName("A closed-model lane: one connection at a time")
class ExchangesLaneTest {
    private static final int CLOSE_EVERY = 5;

    private HttpServer server;
    private final AtomicInteger answered = new AtomicInteger();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final Set<String> hosts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/silent", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            // answers long after the client's timeout (the server's own thread waits, not the test's)
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.createContext("/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            hosts.add(exchange.getRequestHeaders().getFirst("Host"));
            if (answered.incrementAndGet() % CLOSE_EVERY == 0) {
                exchange.getResponseHeaders().set("Connection", "close");
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    @DisplayName("keeps one connection until the server closes it, then opens the next: no request fails")
    void reconnectsWhenTheServerSaysClose() {
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
        int requests = 4 * CLOSE_EVERY;
        List<Reply> replies = new ArrayList<>();
        try (Exchanges exchanges = new Exchanges(1, 1); Lanes.Lane lane = exchanges.lane()) {
            for (int i = 0; i < requests; i++) {
                // bounded: a lane that sent on a closed connection and never heard back would hang here
                replies.add(lane.send(Call.get(uri, Duration.ofSeconds(5))).orTimeout(10, TimeUnit.SECONDS).join());
            }
        }
        assertThat(replies).extracting(Reply::status).containsOnly(200);
        assertThat(clientPorts).as("one connection per %d requests", CLOSE_EVERY).hasSize(requests / CLOSE_EVERY);
        assertThat(hosts).as("the Host header, written from the URI").containsOnly("127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    @DisplayName("an answer that does not come within the call's timeout is a TimeoutException; the lane's next request gets a new connection")
    void timesOutAndCarriesOn() {
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try (Exchanges exchanges = new Exchanges(1, 1); Lanes.Lane lane = exchanges.lane()) {
            // the next request is sent from the failure's own completion, as the closed model does
            Reply next = lane.send(Call.get(URI.create(base + "/silent"), Duration.ofMillis(200)))
                    .thenCompose(silent -> {
                        assertThat(silent.status()).isZero();
                        assertThat(silent.failure()).isInstanceOf(TimeoutException.class);
                        return lane.send(Call.get(URI.create(base + "/health"), Duration.ofSeconds(5)));
                    }).orTimeout(10, TimeUnit.SECONDS).join();
            assertThat(next.status()).isEqualTo(200);
        }
        assertThat(clientPorts).as("the timed-out connection is not used again").hasSize(2);
    }
}
