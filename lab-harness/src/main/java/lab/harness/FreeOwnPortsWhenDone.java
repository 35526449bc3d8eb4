package lab.harness;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Takes the copy of the stack on the lab's own ports down as soon as the last test class marked
 * {@code @ResourceLock(LabStack.OWN_PORTS)} has finished, not when the test JVM ends: in stack-tests
 * the failover matrix goes on for minutes on its own copy after them, and a copy nobody uses still
 * costs the two cores its health checks, and holds ports another test JVM may be waiting for
 * ({@link SlotLock}). A test run without such classes keeps its copies until the end.
 * Registered in {@code META-INF/services}, like {@link StopStackAfterTests}.
 */
public final class FreeOwnPortsWhenDone implements TestExecutionListener {
    private final Set<String> unfinished = ConcurrentHashMap.newKeySet();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        plan.getRoots().stream().flatMap(root -> plan.getChildren(root).stream())
                .filter(FreeOwnPortsWhenDone::usesOwnPorts)
                .forEach(testClass -> unfinished.add(testClass.getUniqueId()));
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        finished(test);
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        finished(test);
    }

    private void finished(TestIdentifier test) {
        if (unfinished.remove(test.getUniqueId()) && unfinished.isEmpty()) {
            LabStack.freeOwnPorts();
        }
    }

    private static boolean usesOwnPorts(TestIdentifier test) {
        return test.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                .map(source -> AnnotationSupport.findRepeatableAnnotations(source.getJavaClass(), ResourceLock.class).stream()
                        .anyMatch(lock -> LabStack.OWN_PORTS.equals(lock.value())))
                .orElse(false);
    }
}
