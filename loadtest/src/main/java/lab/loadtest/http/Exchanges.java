package lab.loadtest.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HttpClient, used asynchronously. Why this and not a thread per virtual user: Java 17 has no
 * virtual threads, and a platform thread per user (150 in a failover run, hundreds of outstanding
 * requests in the open model) costs memory and context switches on a 2-core machine that the
 * servers need. With {@code sendAsync} a request in flight holds no thread: one selector thread per
 * client does the I/O and a small fixed pool runs the completions. Connections are HTTP/1.1
 * keep-alive and pooled by the client, so a steady load opens each connection once.
 */
public final class Exchanges implements AutoCloseable {
    private final ExecutorService executor;
    private final AtomicInteger inFlight = new AtomicInteger();

    public Exchanges(int threads) {
        AtomicInteger counter = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "http-" + counter.incrementAndGet());
            thread.setDaemon(true); // never keeps the JVM alive after the report is written
            return thread;
        });
    }

    /** A new client (its own connection pool and selector thread) sharing this completion pool. */
    public HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt: nginx listens HTTP/1.1 here
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(executor)
                .build();
    }

    /** Sends and never completes exceptionally: a failure becomes a {@link Reply} with status 0. */
    public CompletableFuture<Reply> send(HttpClient client, HttpRequest request) {
        inFlight.incrementAndGet();
        long sent = System.nanoTime();
        return client.sendAsync(request, BodyHandlers.ofString()).handle((response, error) -> {
            long received = System.nanoTime();
            inFlight.decrementAndGet();
            if (response != null) {
                return new Reply(response.statusCode(), response.headers(), response.body(), sent, received, null);
            }
            return Reply.failed(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error,
                    sent, received);
        });
    }

    /** Requests sent and not answered yet, over every client of this pool. */
    public int inFlight() {
        return inFlight.get();
    }

    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
