package lab.loadtest.chaos;

import java.time.Duration;
import lab.loadtest.cli.DurationConverter;

/** One planned action: at {@code at} after the start of the measured phase, do {@code action} to {@code service}. */
public record ChaosEvent(Duration at, ChaosAction action, String service) {

    /** e.g. {@code 20s kill session-app-1}. */
    public String describe() {
        return DurationConverter.format(at) + " " + action.verb() + " " + service;
    }

    /** The command that does the same by hand, for a run without Docker access. */
    public String byHand() {
        return "docker compose " + action.verb() + " " + service;
    }
}
