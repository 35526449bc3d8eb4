package lab.common.metrics;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import lab.common.auth.AuthMechanism;
import lab.common.users.UserDirectory;

/**
 * One instance's metrics, in Prometheus' text format at {@code GET /metrics}: requests by route and
 * status, what the mechanism binds (near-cache hits and misses, invalidations received, Redis reads
 * of the authentication path), and the JVM's CPU, memory and threads. Every meter carries the
 * {@code app} and {@code instance} tags. One registry per app object, never Micrometer's global one,
 * so two instances in one JVM (the tests) keep their own counts.
 */
public final class LabMetrics {
    /** Prometheus' text exposition format, what {@link PrometheusMeterRegistry#scrape()} writes. */
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public LabMetrics(String app, String instance, AuthMechanism mechanism, UserDirectory users) {
        registry.config().commonTags(Tags.of("app", app, "instance", instance));
        new ProcessorMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        mechanism.caches().forEach(cache -> cache.bindTo(registry));
        mechanism.bindTo(registry);
        users.caches().forEach(cache -> cache.bindTo(registry));
        users.bindTo(registry);
    }

    /**
     * Counts one answered request under its route's template (never the raw path: an attacker must not
     * be able to create a series per URL), or {@code unmatched}.
     */
    public void record(Context ctx, float millis) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        Timer.builder("http.server.requests")
                .description("requests answered, by route and status")
                .tags("method", ctx.method().name(), "uri", endpoint == null ? "unmatched" : endpoint.path,
                        "status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(Duration.ofNanos((long) (millis * 1_000_000)));
    }

    /** {@code GET /metrics}. */
    public void scrape(Context ctx) {
        ctx.contentType(TEXT_FORMAT).result(registry.scrape());
    }
}
