package lab.loadtest.stats;

import java.lang.management.ManagementFactory;

/**
 * The machine a run shared with everything else: its cores and its 1-minute load average before and
 * after (-1 where the OS does not say). A load average well above the cores means the numbers of that
 * run include waiting for a CPU.
 */
public record Machine(int cores, double loadBefore, double loadAfter) {

    public static double load() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? -1 : Math.round(load * 100) / 100.0;
    }

    public static Machine since(double loadBefore) {
        return new Machine(Runtime.getRuntime().availableProcessors(), loadBefore, load());
    }
}
