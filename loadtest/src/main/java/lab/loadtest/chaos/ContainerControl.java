package lab.loadtest.chaos;

/** Something that can do a {@link ChaosAction} to a compose service's container. */
public interface ContainerControl extends AutoCloseable {

    /** Does it, or throws with a reason a person can act on. */
    void apply(ChaosAction action, String service) throws Exception;

    /** Where the actions go, for the log, e.g. "Docker 20.10.24 at unix:///var/run/docker.sock". */
    String describe();

    @Override
    default void close() {
    }
}
