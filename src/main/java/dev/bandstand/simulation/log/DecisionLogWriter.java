package dev.bandstand.simulation.log;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's decision log: lines handed over from any thread (an event loop included)
 * are written by one dedicated thread, one {@link RotatingDecisionLog} per placement, in the
 * order they were handed over. Erasing a person's lines and deleting old files run on the
 * same thread, after every line handed over before them.
 *
 * <p>The queue of lines is bounded: {@link #offer} never blocks; when the queue is full the
 * line is refused, counted, and a WARN (at most one per {@value #WARN_EVERY_SECONDS} s)
 * gives the counts. A line whose write fails (disk full, directory gone) is counted as lost;
 * the first failure of an episode is one WARN with the reason, and the first line written
 * after it one INFO with the count lost, so that a full disk does not flood the log;
 * {@link #failing()} tells the episode. A line that cannot be rendered is a bug: an ERROR with
 * its cause. Thread-safe.
 *
 * <p>Limitations: lines are flushed to the operating system, not synced to disk; erasing a
 * person rewrites every file of the directory, which takes time proportional to its size.
 */
public final class DecisionLogWriter implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogWriter.class);
    private static final long WARN_EVERY_SECONDS = 10;
    private static final String SUFFIX = ".dsjson";

    private final Path directory;
    private final RotatingDecisionLog.Rotation rotation;
    private final long maxBytes;
    private final int capacity;
    private final Clock clock;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedLines = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE);
    private final Map<String, RotatingDecisionLog> logs = new HashMap<>();
    private final Thread thread;
    private volatile boolean closed;
    /** True from a failed write to the next one that succeeds; written by the thread only. */
    private volatile boolean failing;

    /**
     * Starts the writer thread.
     *
     * @param directory where the files go; created when missing
     * @param rotation how files rotate
     * @param maxBytes size limit of one file for size rotation, in bytes
     * @param capacity most lines waiting to be written, at least 1
     * @param clock dates daily files and file ages
     */
    public DecisionLogWriter(Path directory, RotatingDecisionLog.Rotation rotation,
            long maxBytes, int capacity, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.maxBytes = maxBytes;
        this.capacity = capacity;
        this.thread = new Thread(this::run, "bandstand-decision-log");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Makes sure the decision log can be written in {@code directory}: creates it when missing
     * and writes and deletes a file there. Blocks: never call it on an event loop.
     *
     * @throws IOException naming why it cannot, such as a read-only file system
     */
    public static void prepare(Path directory) throws IOException {
        Files.createDirectories(directory);
        Path probe = Files.createTempFile(directory, ".write-check-", ".tmp");
        Files.delete(probe);
    }

    /** The directory the files go to. */
    public Path directory() {
        return directory;
    }

    /**
     * Hands over one line of {@code placement}'s log; never blocks.
     *
     * @param line computed on the writer thread; a line without terminators
     * @return false when the queue was full or the writer closed: the line is not written
     */
    public boolean offer(String placement, Supplier<String> line) {
        if (closed || queuedLines.incrementAndGet() > capacity) {
            queuedLines.decrementAndGet();
            long n = refused.incrementAndGet();
            warnRefused(n);
            return false;
        }
        tasks.add(() -> {
            queuedLines.decrementAndGet();
            write(placement, line);
        });
        return true;
    }

    /**
     * Erases every line carrying {@code userKey} as {@code c._user} from every file of the
     * directory, after the lines handed over before this call are written.
     *
     * @return completes on the writer thread with the number of lines erased
     */
    public CompletableFuture<Integer> forget(String userKey) {
        String needle = "\"" + DsJsonWriter.USER + "\":\"" + userKey + "\"";
        return submit(() -> {
            int erased = 0;
            for (Path file : files()) {
                erased += rewriteWithout(file, needle);
            }
            return erased;
        });
    }

    /**
     * Deletes every file of the directory last written more than {@code retention} ago.
     *
     * @return completes on the writer thread with the number of files deleted
     */
    public CompletableFuture<Integer> deleteOlderThan(Duration retention) {
        return submit(() -> {
            Instant horizon = clock.instant().minus(retention);
            int deleted = 0;
            for (Path file : files()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(horizon)) {
                    Files.deleteIfExists(file);
                    deleted++;
                }
            }
            if (deleted > 0) {
                LOG.info("Decision log retention deleted {} files in {}", deleted, directory);
            }
            return deleted;
        });
    }

    /** Completes once every line handed over before this call is written. */
    public CompletableFuture<Void> flush() {
        return submit(() -> null);
    }

    /** Lines refused because the queue was full, since start. */
    public long refused() {
        return refused.get();
    }

    /** Lines whose write failed, since start. */
    public long lost() {
        return lost.get();
    }

    /** True when the last line written failed: lines are being lost. */
    public boolean failing() {
        return failing;
    }

    /** Writes what is queued, closes the files and stops the thread; waits for it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        tasks.add(() -> {
            try {
                closeLogs();
            } catch (IOException e) {
                LOG.error("Decision log files in {} did not close cleanly", directory, e);
            }
            throw new Stop();
        });
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        if (closed) {
            done.completeExceptionally(new IllegalStateException("decision log is closed"));
            return done;
        }
        tasks.add(() -> {
            try {
                closeLogs();
                done.complete(task.call());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void run() {
        while (true) {
            try {
                tasks.take().run();
            } catch (Stop stop) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Decision log task failed in {}", directory, e);
            }
        }
    }

    private void write(String placement, Supplier<String> line) {
        try {
            String text = line.get();
            RotatingDecisionLog log = logs.get(placement);
            if (log == null) {
                log = new RotatingDecisionLog(directory, placement, rotation, maxBytes, clock);
                logs.put(placement, log);
            }
            log.appendLine(text);
        } catch (RuntimeException e) {
            // a line that cannot be rendered or written whatever the disk does is a bug
            LOG.error("Decision log line of placement {} lost ({} lost so far) in {}",
                    placement, lost.incrementAndGet(), directory, e);
            return;
        } catch (IOException e) {
            long n = lost.incrementAndGet();
            if (!failing) {
                failing = true;
                LOG.warn("Decision log cannot write in {} (placement {}): {}; lines are lost"
                        + " until a write succeeds ({} lost so far): check the disk space and"
                        + " permissions of decisionLog.dir", directory, placement,
                        IoReasons.describe(e), n);
            }
            LOG.debug("Decision log write failed in {}", directory, e);
            return;
        }
        if (failing) {
            failing = false;
            LOG.info("Decision log writes again in {}; {} lines lost so far", directory,
                    lost.get());
        }
    }

    private void warnRefused(long total) {
        long now = clock.millis();
        long last = lastWarn.get();
        if (now - last >= WARN_EVERY_SECONDS * 1000 && lastWarn.compareAndSet(last, now)) {
            LOG.warn("Decision log queue full ({} lines waiting): {} lines refused so far in {};"
                    + " the disk is too slow or the queue too small (decisionLog.queue)",
                    capacity, total, directory);
        }
    }

    private void closeLogs() throws IOException {
        for (RotatingDecisionLog log : logs.values()) {
            log.close();
        }
        logs.clear();
    }

    private List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            dir.forEach(out::add);
        }
        return out;
    }

    /** Rewrites {@code file} without the lines containing {@code needle}; lines erased. */
    private static int rewriteWithout(Path file, String needle) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        int erased = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.contains(needle)) {
                    erased++;
                } else {
                    out.write(line);
                    out.write('\n');
                }
            }
        }
        if (erased == 0) {
            Files.delete(temp);
            return 0;
        }
        // keep the file's age, so that erasing a person does not extend its retention
        Files.setLastModifiedTime(temp, Files.getLastModifiedTime(file));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
        return erased;
    }

    /** Ends the writer thread's loop. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }
}
