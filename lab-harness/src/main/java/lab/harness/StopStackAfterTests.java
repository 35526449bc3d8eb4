package lab.harness;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Takes the stack down when the JUnit launcher session ends, while the test run still waits for it.
 * A shutdown hook alone is not enough: Surefire and Failsafe halt a forked JVM that has not exited
 * within {@code forkedProcessExitTimeoutInSeconds} (30 s) of its last test, which can cut a
 * {@code docker compose down} short and leave the next module's stack without its ports.
 * Registered in {@code META-INF/services}, so every test module that uses the harness gets it.
 */
public final class StopStackAfterTests implements LauncherSessionListener {
    @Override
    public void launcherSessionClosed(LauncherSession session) {
        LabStack.stopIfStarted();
    }
}
