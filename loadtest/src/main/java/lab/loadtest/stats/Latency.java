package lab.loadtest.stats;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds, from an HdrHistogram of microseconds. {@code count} is how
 * many values the percentiles come from; all zero when there were none.
 */
public record Latency(long count, double min, double p50, double p90, double p99, double p999, double max, double mean) {
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0, 0);

    public static Latency of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), ms(micros.getMinValue()),
                ms(micros.getValueAtPercentile(50)), ms(micros.getValueAtPercentile(90)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)),
                ms(micros.getMaxValue()), round(micros.getMean() / 1000.0));
    }

    /** A histogram for latencies in microseconds, 3 significant digits, growing as needed. */
    public static Histogram newHistogram() {
        return new Histogram(3);
    }

    private static double ms(long micros) {
        return round(micros / 1000.0);
    }

    private static double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }
}
