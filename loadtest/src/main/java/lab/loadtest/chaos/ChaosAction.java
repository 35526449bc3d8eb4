package lab.loadtest.chaos;

import java.util.Locale;

/** What can be done to a container, named as the docker CLI names it. */
public enum ChaosAction {
    KILL, PAUSE, UNPAUSE, STOP, START, RESTART;

    public String verb() {
        return name().toLowerCase(Locale.ROOT);
    }
}
