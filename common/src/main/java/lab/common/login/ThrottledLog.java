package lab.common.login;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * At most one WARN line per period for events an attacker can repeat at will, with a count of the
 * lines left out, so that a flood of refused logins cannot flood the log.
 */
final class ThrottledLog {
    private final Logger log;
    private final Bucket lines;
    private final AtomicLong suppressed = new AtomicLong();

    ThrottledLog(Logger log, Duration period) {
        this.log = log;
        this.lines = Bucket.builder().addLimit(limit -> limit.capacity(1).refillIntervally(1, period)).build();
    }

    void warn(String message) {
        if (lines.tryConsume(1)) {
            long left = suppressed.getAndSet(0);
            log.warn(left == 0 ? message : message + " (and " + left + " more like it, not logged)");
        } else {
            suppressed.incrementAndGet();
        }
    }
}
