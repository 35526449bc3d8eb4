package lab.common.contract;

import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import lab.harness.ClusterNode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A real Redis Cluster, three primaries and three replicas, in one container of the locally built
 * {@code redis:7} image (never pulled): six redis-server processes started by the lab's own
 * {@code redis/cluster.sh}, as {@code ./lab up --redis cluster} runs it. The nodes announce
 * 127.0.0.1 and their client ports, and each client port P is published as the host's port P, so
 * that a cluster client on the host follows the addresses the nodes give it ({@link Cluster#nodes()}
 * is what the applications read from {@code REDIS_CLUSTER_NODES}). Started as a JVM-wide singleton
 * by {@link #shared()}, or one per test class by {@link #newContainer()} for tests that kill nodes.
 */
public final class RedisClusterSupport {
    public static final String IMAGE = RedisSupport.IMAGE;
    /** Where the compose file mounts redis/, and where cluster.sh and cluster-node.sh are found. */
    static final String SCRIPTS = "/etc/lab-redis";
    private static final String HOST = "127.0.0.1";
    private static Cluster shared;

    private RedisClusterSupport() {
    }

    /** A cluster on six free host ports, not started yet. */
    @SuppressWarnings("resource") // closed with the JVM, the Testcontainers singleton pattern
    public static Cluster newContainer() {
        return new Cluster(freePorts(6));
    }

    public static synchronized Cluster shared() {
        if (shared == null) {
            shared = newContainer();
            shared.start();
        }
        return shared;
    }

    /**
     * Six ports nothing listens on now. All six sockets are open at once, so the ports differ; they
     * are closed before the container binds them (a race with other programs that tests accept).
     */
    private static List<Integer> freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the Redis Cluster", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // it was only holding the number
                }
            }
        }
    }

    /** The repository's redis/ directory, found upwards from the module the tests run in. */
    static Path redisDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("redis/cluster.sh"))) {
                return dir.resolve("redis");
            }
        }
        throw new IllegalStateException("no redis/cluster.sh in " + Path.of("").toAbsolutePath() + " or above it");
    }

    public static final class Cluster extends GenericContainer<Cluster> {
        private final List<Integer> ports;

        private Cluster(List<Integer> ports) {
            super(IMAGE);
            this.ports = List.copyOf(ports);
            Path redis = redisDir();
            for (String script : List.of("cluster.sh", "cluster-health.sh", "cluster-node.sh", "start.sh")) {
                withCopyFileToContainer(MountableFile.forHostPath(redis.resolve(script), 0755), SCRIPTS + "/" + script);
            }
            withCopyFileToContainer(MountableFile.forHostPath(redis.resolve("users.acl"), 0644), SCRIPTS + "/users.acl");
            String list = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
            withEnv("REDIS_CLUSTER_PORTS", list);
            withEnv("REDIS_CLUSTER_ANNOUNCE_IP", HOST);
            withCommand("sh", SCRIPTS + "/cluster.sh");
            // Host port P to container port P, on the loopback only: the nodes announce their own
            // port, and a client must find each one at the address the others name.
            withCreateContainerCmdModifier(cmd -> {
                Ports bindings = new Ports();
                ports.forEach(port -> bindings.bind(ExposedPort.tcp(port), Ports.Binding.bindIpAndPort(HOST, port)));
                cmd.withExposedPorts(ports.stream().map(ExposedPort::tcp).toList());
                cmd.getHostConfig().withPortBindings(bindings);
            });
            waitingFor(Wait.forLogMessage("(?s).*cluster ready.*", 1).withStartupTimeout(Duration.ofSeconds(90)));
        }

        /** The six client ports, the first three the primaries at start. */
        public List<Integer> ports() {
            return ports;
        }

        /** {@code 127.0.0.1:P1,...,127.0.0.1:P6}: the value of REDIS_CLUSTER_NODES for an application. */
        public String nodes() {
            return ports.stream().map(port -> HOST + ":" + port).collect(Collectors.joining(","));
        }

        public Set<HostAndPort> hostAndPorts() {
            return ports.stream().map(port -> new HostAndPort(HOST, port)).collect(Collectors.toSet());
        }

        /** The cluster as the first node that answers sees it ({@code CLUSTER NODES}). */
        public List<ClusterNode> topology() {
            for (int port : ports) {
                try (Jedis jedis = new Jedis(new HostAndPort(HOST, port))) {
                    return ClusterNode.parseAll(jedis.clusterNodes());
                } catch (RuntimeException notAnswering) {
                    // a killed node: ask the next one
                }
            }
            throw new IllegalStateException("no node of the cluster answers on " + nodes());
        }

        /** The port of the primary that owns {@code key}'s slot now, if one that is not failing does. */
        public Optional<Integer> primaryOf(String key) {
            int slot = JedisClusterCRC16.getSlot(key);
            return topology().stream().filter(node -> node.primary() && !node.failing() && node.owns(slot))
                    .map(ClusterNode::port).findFirst();
        }

        /** SIGKILL to one node's process (a crash); the container and the other nodes keep running. */
        public void kill(int port) {
            node("kill", port);
        }

        /** Starts a killed node again with its nodes.conf: it rejoins as a replica. Returns once it answers. */
        public void restart(int port) {
            node("start", port);
        }

        /** Whether every node is up, in cluster_state:ok, with three primaries each with a replica in step. */
        public boolean healthy() {
            return exec("sh", SCRIPTS + "/cluster-health.sh").getExitCode() == 0;
        }

        public void awaitHealthy() {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(this::healthy);
        }

        private void node(String verb, int port) {
            ExecResult result = exec("sh", SCRIPTS + "/cluster-node.sh", verb, String.valueOf(port));
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("cluster-node.sh " + verb + " " + port + ": " + result.getStderr() + result.getStdout());
            }
        }

        private ExecResult exec(String... command) {
            try {
                return execInContainer(command);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
