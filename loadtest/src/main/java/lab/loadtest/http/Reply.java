package lab.loadtest.http;

import java.util.Optional;
import org.eclipse.jetty.http.HttpFields;

/**
 * One finished exchange: a status, or the failure that stopped it (then {@code status} is 0).
 * Times are {@link System#nanoTime()} values.
 */
public record Reply(int status, HttpFields headers, String body, long sentNanos, long receivedNanos, Throwable failure) {

    public static Reply failed(Throwable failure, long sentNanos, long receivedNanos) {
        return new Reply(0, HttpFields.EMPTY, "", sentNanos, receivedNanos, failure);
    }

    public boolean success() {
        return status >= 200 && status < 300;
    }

    public long latencyNanos() {
        return receivedNanos - sentNanos;
    }

    /** The instance that answered ({@code X-Instance}), or nginx's own answer when no application did. */
    public String instance() {
        return header("X-Instance").orElse(status == 0 ? "(no answer)" : "(nginx)");
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    /** What kind of outcome this is, as the per-second counters sort them. */
    public Outcome outcome() {
        if (failure != null) {
            return Outcome.OTHER_ERROR;
        }
        if (success()) {
            return Outcome.OK;
        }
        if (status == 401) {
            return Outcome.UNAUTHORIZED;
        }
        return status >= 500 ? Outcome.SERVER_ERROR : Outcome.OTHER_ERROR;
    }

    /** "HTTP 502", or the failure's class ("TimeoutException", "ConnectException"): how the reports name an error. */
    public String describe() {
        return failure != null ? failure.getClass().getSimpleName() : "HTTP " + status;
    }

    public enum Outcome { OK, UNAUTHORIZED, SERVER_ERROR, OTHER_ERROR }
}
