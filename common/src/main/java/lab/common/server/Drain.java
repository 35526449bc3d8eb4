package lab.common.server;

import io.javalin.Javalin;
import java.time.Duration;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;

/**
 * A rolling restart without failed requests. On SIGTERM the instance first closes its listening
 * socket, so the balancer's new connections are refused and go to another instance; for a short
 * while it still answers what arrives on connections already open, asking the client to close each
 * one ({@code Connection: close}); then it stops, letting requests in flight finish. Without the
 * drain, requests that reach a stopping Jetty on a kept-alive connection are answered 503.
 */
final class Drain {
    private final Duration period;
    private volatile boolean draining;

    Drain(Duration period) {
        this.period = period;
    }

    boolean draining() {
        return draining;
    }

    void thenStop(Javalin app) {
        Server server = app.jettyServer().server();
        draining = true;
        for (Connector connector : server.getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
        }
        try {
            Thread.sleep(period.toMillis()); // the drain period itself: nothing to wait for but time
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
    }
}
