package lab.loadtest.chaos;

/**
 * What became of a planned event.
 *
 * @param at       planned time, seconds after the start of the measured phase
 * @param startedAt when the action was started, seconds after the start (equal to {@code at} when not executed)
 * @param tookMs   how long the Docker call took (a stop waits for the process to end)
 * @param executed true when this tool did it through the Docker API; false when it was left to a person
 * @param outcome  "done", or why not (the error, or "not executed: ...")
 */
public record ChaosRecord(double at, String action, String service, double startedAt, long tookMs,
                          boolean executed, String outcome) {

    public String label() {
        return action + " " + service + (executed ? "" : " (not executed)");
    }
}
