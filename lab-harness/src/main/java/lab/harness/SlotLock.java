package lab.harness;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One copy of the stack per slot (its host ports and subnet) on this machine, across test JVMs: a
 * file lock that a JVM holds from before it starts its copy until the copy is down. stack-tests and
 * browser-tests run side by side ({@code ./lab test}); whichever asks second waits here for the lab's
 * own ports instead of failing on them. The operating system drops the lock of a JVM that dies.
 */
final class SlotLock {
    private static final Logger LOG = LoggerFactory.getLogger(SlotLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private SlotLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Waits up to {@code within} for the lock in {@code file}, which it creates if needed. */
    static SlotLock acquire(Path file, Duration within) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                FileLock lock = channel.tryLock();
                if (lock == null) {
                    LOG.info("another test JVM has the stack's slot ({}): waiting for it, up to {}", file.getFileName(), within);
                    long start = System.nanoTime();
                    lock = awaitLock(channel, file, within);
                    LOG.info("got the slot {} after {} s", file.getFileName(), (System.nanoTime() - start) / 1_000_000_000);
                }
                return new SlotLock(channel, lock);
            } catch (RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file, e);
        }
    }

    private static FileLock awaitLock(FileChannel channel, Path file, Duration within) {
        try {
            return await().atMost(within).pollInterval(Duration.ofSeconds(1))
                    .until(channel::tryLock, lock -> lock != null);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("another test JVM kept the stack's slot (" + file + ") for more than " + within, e);
        }
    }

    void release() {
        try (channel) {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
