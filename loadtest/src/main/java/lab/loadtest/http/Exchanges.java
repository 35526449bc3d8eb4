package lab.loadtest.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's HTTP client, used asynchronously: a request in flight holds no thread (Java 17 has no
 * virtual threads, and a platform thread per virtual user would cost the 2 cores the servers need).
 *
 * <p>Why Jetty and not the JDK's HttpClient: the JDK client's CPU per request (CompletableFuture stages,
 * header maps, hand-offs between its threads) kept it far below wrk's rate in {@code calibrate}.
 * Jetty's client, told that nothing done on an answer blocks
 * ({@link InvocationType#NON_BLOCKING}), handles each answer on the selector thread that read it, with
 * no hand-off; everything this tool does on an answer (count it, send the next request) is short.
 * Connections are HTTP/1.1 keep-alive, pooled per target (scheme, host, port). The closed model's
 * clients each have a connection of their own instead ({@link #lane()}, {@link Lanes}).
 */
public final class Exchanges implements AutoCloseable {
    /** Runs a task on the thread that completed the exchange (a selector thread). */
    private static final Executor DIRECT = Runnable::run;
    /** Bodies are small here (JSON, a few hundred bytes); a larger one is a failure, not a reason to buffer more. */
    private static final int MAX_BODY = 1 << 20;

    private final HttpClient client;
    private final int ioThreads;
    private Lanes lanes;

    /**
     * @param ioThreads            selector threads, each serving its share of the connections
     * @param connectionsPerTarget the most connections to one target: at least the requests a caller keeps in flight
     */
    public Exchanges(int ioThreads, int connectionsPerTarget) {
        this.ioThreads = ioThreads;
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(ioThreads);
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP(connector);
        transport.setInvocationType(InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        client.setExecutor(pool());
        client.setConnectTimeout(2000);
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(connectionsPerTarget);
        client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE); // the callers bound what they have in flight
        // The credentials are this tool's business: no shared cookie jar (each virtual user has its own session).
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client", e);
        }
        // What start() installs: no automatic handling of 401 (a session stack's 401 has no
        // WWW-Authenticate, which Jetty would call a protocol violation), redirects or 100-continue,
        // and no Accept-Encoding: gzip (the answers are counted as the servers send them to any client).
        client.getProtocolHandlers().clear();
        client.getContentDecoderFactories().clear();
    }

    /**
     * Call first thing in {@code main}. On a machine with 2 cores the common ForkJoinPool gets one
     * thread, and then CompletableFuture runs every async stage without an executor (the Docker
     * counters use some) on a new thread. Two threads avoid that.
     */
    public static void configureCommonPool() {
        String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
    }

    /** Sends and never completes exceptionally: a failure becomes a {@link Reply} with status 0. */
    public CompletableFuture<Reply> send(Call call) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        long sent = System.nanoTime();
        request(call).send(new BufferingResponseListener(MAX_BODY) {
            @Override
            public void onComplete(Result result) {
                reply.complete(reply(result, getContentAsString(), sent));
            }
        });
        return reply;
    }

    /** The same for the load models, which count answers and never read them: the body is not kept. */
    public CompletableFuture<Reply> sendDiscardingBody(Call call) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        long sent = System.nanoTime();
        request(call).send(result -> reply.complete(reply(result, "", sent)));
        return reply;
    }

    /**
     * A client of the closed model: one connection of its own, one request at a time, like a wrk
     * connection ({@link Lanes}: Netty's codec, on event loops of their own, started with the first lane).
     */
    public synchronized Lanes.Lane lane() {
        if (lanes == null) {
            lanes = new Lanes(ioThreads);
        }
        return lanes.lane();
    }

    private static Reply reply(Result result, String body, long sent) {
        long received = System.nanoTime();
        return result.isFailed() ? Reply.failed(result.getFailure(), sent, received)
                : new Reply(result.getResponse().getStatus(), result.getResponse().getHeaders(), body, sent, received, null);
    }

    /** The executor for follow-up work (a think time's end, a retry): direct, like the answers' handling. */
    public Executor executor() {
        return DIRECT;
    }

    /** The headers the client adds to every request (Host is added when the request is written). */
    public String userAgent() {
        return client.getUserAgentField().getValue();
    }

    private Request request(Call call) {
        Request request = client.newRequest(call.uri()).method(call.method())
                .timeout(call.timeout().toMillis(), TimeUnit.MILLISECONDS);
        // Host from the URI as it was written: without it, Jetty rebuilds and reparses the request's URI
        // on every send to derive the header.
        request.headers(headers -> {
            headers.put(HttpHeader.HOST, call.uri().getRawAuthority());
            call.headers().forEach(headers::put);
        });
        if (call.hasBody()) {
            request.body(new StringRequestContent("application/json", call.body()));
        }
        return request;
    }

    /** Few threads: with non-blocking handling, the selectors do the work and the pool only runs housekeeping. */
    private static QueuedThreadPool pool() {
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("http");
        pool.setDaemon(true);
        return pool;
    }

    @Override
    public synchronized void close() {
        if (lanes != null) {
            lanes.close();
        }
        try {
            client.stop();
        } catch (Exception e) {
            // nothing to do about a failing stop at the end of a run
        }
    }
}
