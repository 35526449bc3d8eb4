package lab.loadtest.http;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The JDK HttpClient, used asynchronously. Why this and not a thread per virtual user: Java 17 has no
 * virtual threads, and a platform thread per user (150 in a failover run, hundreds of outstanding
 * requests in the open model) costs memory and context switches on a 2-core machine that the
 * servers need. With {@code sendAsync} a request in flight holds no thread at all.
 *
 * <p>Each client does its I/O on its own selector thread, and its executor is a direct one: the
 * answer is handled right there (counting it, sending the next request), with no hand-off to another
 * thread. That is safe because nothing this tool does on an answer blocks, and it halves the CPU per
 * request compared with a thread pool. Parallelism comes from using several clients. Connections are
 * HTTP/1.1 keep-alive, pooled by each client, so a steady load opens each connection once.
 */
public final class Exchanges {
    /** Runs a task on the thread that completed the exchange (a client's selector thread). */
    private static final Executor DIRECT = Runnable::run;

    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * Call first thing in {@code main}. On a machine with 2 cores the common ForkJoinPool gets one
     * thread, and then CompletableFuture runs every async stage without an executor (the JDK
     * HttpClient has some) on a new thread: a thread started per request. Two threads avoid that.
     */
    public static void configureCommonPool() {
        String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
    }

    /** A new client: its own connection pool and selector thread. */
    public HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt: nginx listens HTTP/1.1 here
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(DIRECT)
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

    /** Requests sent and not answered yet, over every client made here. */
    public int inFlight() {
        return inFlight.get();
    }

    /** The executor for follow-up work (a think time's end, a retry): direct, like the clients'. */
    public Executor executor() {
        return DIRECT;
    }
}
