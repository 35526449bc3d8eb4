package lab.common.contract;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * A real Redis in a container (the locally built {@code redis:7} image; never pulled). Started as
 * a JVM-wide singleton by {@link #shared()}, or one per test class by {@link #newContainer()} for
 * tests that stop or pause it.
 */
public final class RedisSupport {
    public static final String IMAGE = "redis:7";
    private static GenericContainer<?> shared;

    private RedisSupport() {
    }

    @SuppressWarnings("resource") // closed with the JVM, the Testcontainers singleton pattern
    public static GenericContainer<?> newContainer() {
        return new GenericContainer<>(IMAGE)
                .withCommand("redis-server", "--save", "", "--appendonly", "no", "--protected-mode", "no")
                .withExposedPorts(6379)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*", 1));
    }

    public static synchronized GenericContainer<?> shared() {
        if (shared == null) {
            shared = newContainer();
            shared.start();
        }
        return shared;
    }

    public static String url(GenericContainer<?> redis) {
        return "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
    }
}
