package dev.bandstand.store;

import dev.bandstand.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Outbox}'s journal: an append-only file ({@value #FILE}, lines as
 * {@link JournalLines} writes them) in a directory of its own, holding each operation the
 * outbox buffers, so that a crash while Redis is unreachable loses none of them. Only
 * buffered operations come here; while Redis answers the journal is idle and has no file.
 *
 * <p>One thread ({@code bandstand-outbox-journal}) does all the file work. It takes every
 * entry handed over since its last write, writes them together and forces them to the disk
 * once (group commit); then, in file order, it runs each entry's {@code durable} action and
 * completes its future. When the outbox reports entries written to Redis
 * ({@link #written}), it marks them so in the file; once none is left it deletes the file,
 * and while some are left it copies them to a new file when the written part is at least
 * {@link #COMPACT_BYTES} and at least as large as the rest. A failed write is cut off the
 * file and fails the futures of its entries: nothing is answered as kept that is not.
 * Failures are logged once (WARN) until a write succeeds again (INFO).
 *
 * <p>{@link #open} reads what an earlier process left: the entries not marked written, in
 * order. A line that does not read is skipped with a WARN naming the file and line; a last
 * line cut short (a crash while writing it, so never acknowledged) is dropped. A lock file
 * ({@value #LOCK}) keeps a second process out of the directory. Thread-safe.
 *
 * <p>Limitations: an entry Redis took just before a crash, whose mark did not reach the disk,
 * is sent again at the next start; Redis recognises it only while it remembers its decision.
 */
final class OutboxJournal {

    /** The journal's file in its directory. */
    static final String FILE = "outbox.journal";
    /** The lock file in the directory, held while a process uses it. */
    static final String LOCK = "outbox.lock";
    /** Least size of the written part of the file before it is compacted. */
    static final long COMPACT_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(OutboxJournal.class);
    private static final int MOST_PER_FORCE = 4096;

    private sealed interface Task permits Append, Written, Close {
    }

    private record Append(long seq, Outbox.Op op, Runnable durable,
            CompletableFuture<Void> done) implements Task {
    }

    private record Written(int count) implements Task {
    }

    private record Close() implements Task {
    }

    private final Path dir;
    private final DirectoryLock lock;
    private final long compactBytes;
    private final List<Outbox.Op> leftovers;
    private final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final Thread thread;
    private long nextSeq = 1;
    private boolean closing;

    // the writer thread's alone once it runs
    private final JournalFile file;
    /** Number and end offset of each entry Redis does not hold yet, in file order. */
    private final ArrayDeque<long[]> live = new ArrayDeque<>();
    private boolean failing;
    private boolean compactionFailed;

    private OutboxJournal(Path dir, DirectoryLock lock, long compactBytes) throws IOException {
        this.dir = dir;
        this.file = new JournalFile(dir, FILE);
        this.lock = lock;
        this.compactBytes = compactBytes;
        this.leftovers = load();
        this.thread = new Thread(this::run, "bandstand-outbox-journal");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Opens the journal in {@code dir} on a worker thread; see {@link #open(Path, long)}.
     *
     * @param dir the directory, or null for no journal (the future then holds null)
     * @return fails with a {@link ConfigException} at {@code store.outboxJournal} naming the
     *     directory and the reason (not writable, or used by another process)
     */
    static Future<OutboxJournal> open(Vertx vertx, Path dir) {
        if (dir == null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> open(dir))
                .recover(e -> Future.failedFuture(new ConfigException("store.outboxJournal",
                        "cannot open the outbox journal in " + dir + ": " + e.getMessage())));
    }

    /** Opens the journal in {@code dir} (created when missing); see {@link #open(Path, long)}. */
    static OutboxJournal open(Path dir) throws IOException {
        return open(dir, COMPACT_BYTES);
    }

    /**
     * Opens the journal in {@code dir}, creating the directory when missing, and reads what an
     * earlier process left. Blocks: never call it on an event loop.
     *
     * @param compactBytes least size of the written part before the file is compacted
     * @throws IOException when the directory cannot be used, or another process holds it
     */
    static OutboxJournal open(Path dir, long compactBytes) throws IOException {
        Files.createDirectories(dir);
        DirectoryLock lock = DirectoryLock.tryAcquire(dir, LOCK);
        if (lock == null) {
            throw new IOException("outbox journal " + dir + " is in use by another process"
                    + " (" + LOCK + " is locked): give each instance a directory of its own");
        }
        try {
            return new OutboxJournal(dir, lock, compactBytes);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The journal's file (it exists only while entries wait). */
    Path file() {
        return file.path();
    }

    /** How many times the file was forced to the disk so far. */
    long forces() {
        return file.forces();
    }

    /** The entries an earlier process left and Redis may not hold, in order. */
    List<Outbox.Op> leftovers() {
        return leftovers;
    }

    /**
     * Hands over an entry; never blocks.
     *
     * @param durable run on the writer thread once the entry is on the disk, before the
     *     future completes, entries in file order
     * @return completes on the writer thread once the entry is on the disk; fails when it
     *     could not be written (or the journal is closed)
     */
    CompletableFuture<Void> append(Outbox.Op op, Runnable durable) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (this) {
            if (closing) {
                done.completeExceptionally(new IOException("outbox journal " + file()
                        + " is closed"));
                return done;
            }
            tasks.add(new Append(nextSeq++, op, durable, done));
        }
        return done;
    }

    /** Tells that Redis holds the first {@code count} entries not reported before. */
    void written(int count) {
        if (count > 0) {
            tasks.add(new Written(count));
        }
    }

    /**
     * Writes what was handed over, closes the file (kept when entries wait in it) and lets
     * another process use the directory.
     *
     * @return completes once the writer thread ended
     */
    CompletableFuture<Void> close() {
        synchronized (this) {
            if (!closing) {
                closing = true;
                tasks.add(new Close());
            }
        }
        return closed;
    }

    private void run() {
        List<Task> batch = new ArrayList<>();
        List<Append> appends = new ArrayList<>();
        boolean stop = false;
        while (!stop) {
            try {
                batch.add(tasks.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            tasks.drainTo(batch, MOST_PER_FORCE);
            // in the order handed over; the entries between two reports share one force
            try {
                for (Task t : batch) {
                    if (t instanceof Append a) {
                        appends.add(a);
                        continue;
                    }
                    commit(appends);
                    if (t instanceof Written w) {
                        drop(w.count());
                    }
                    stop |= t instanceof Close;
                }
                commit(appends);
            } catch (RuntimeException e) {
                LOG.error("Outbox journal {}: unexpected failure of its writer", file(), e);
            }
            batch.clear();
        }
        finish();
    }

    /** Writes {@code appends} with one force, completes them, and empties the list. */
    private void commit(List<Append> appends) {
        if (appends.isEmpty()) {
            return;
        }
        try {
            commitAll(appends);
        } finally {
            appends.clear();
        }
    }

    private void commitAll(List<Append> appends) {
        List<byte[]> lines = new ArrayList<>(appends.size());
        for (Append a : appends) {
            lines.add(JournalLines.entry(a.seq(), a.op()));
        }
        long at = file.end();
        try {
            file.append(lines);
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("Outbox journal {} cannot be written ({}): while Redis is unreachable,"
                        + " rewards are refused with 503 and decisions are answered with"
                        + " \"recorded\": false until it can; check the disk (space,"
                        + " permissions)", file(), e.toString());
            }
            for (Append a : appends) {
                a.done().completeExceptionally(e);
            }
            return;
        }
        if (failing) {
            failing = false;
            LOG.info("Outbox journal {} is written again", file());
        }
        for (int i = 0; i < appends.size(); i++) {
            Append a = appends.get(i);
            at += lines.get(i).length;
            live.add(new long[] {a.seq(), at});
            try {
                a.durable().run();
            } finally {
                a.done().complete(null);
            }
        }
    }

    private void drop(int count) {
        long[] last = null;
        for (int i = 0; i < count && !live.isEmpty(); i++) {
            last = live.poll();
        }
        if (last == null) {
            return;
        }
        if (live.isEmpty()) {
            delete();
            return;
        }
        mark(last[0]);
        long written = last[1];
        if (written >= compactBytes && written >= file.end() - written) {
            compact(written);
        }
    }

    /** Notes that Redis holds every entry up to {@code seq}, so a restart skips them. */
    private void mark(long seq) {
        try {
            file.append(List.of(JournalLines.written(seq)));
        } catch (IOException | RuntimeException e) {
            // the entries are sent again after a crash, and Redis recognises them
            LOG.debug("Outbox journal {}: the mark of entry {} was not written", file(), seq, e);
        }
    }

    /** Keeps only the file's bytes from {@code from} on: the entries Redis does not hold. */
    private void compact(long from) {
        try {
            file.keepFrom(from);
        } catch (IOException | RuntimeException e) {
            if (!compactionFailed) {
                compactionFailed = true;
                LOG.warn("Outbox journal {} could not be compacted ({}); it keeps the entries"
                        + " Redis holds already until the outbox is empty", file(), e.toString());
            }
            return;
        }
        compactionFailed = false;
        for (long[] entry : live) {
            entry[1] -= from;
        }
        LOG.debug("Outbox journal {} compacted: {} bytes dropped, {} kept", file(), from,
                file.end());
    }

    /** Deletes the file once Redis holds every entry. */
    private void delete() {
        try {
            file.delete();
        } catch (IOException e) {
            // the next append empties it; a restart before that only sends its entries again
            LOG.warn("Outbox journal {} could not be deleted ({}); its entries would be sent"
                    + " again at the next start, which Redis recognises", file(), e.toString());
        }
    }

    private void finish() {
        file.close();
        try {
            lock.close();
        } catch (IOException e) {
            LOG.debug("Outbox journal {}: the lock did not close cleanly", dir, e);
        }
        closed.complete(null);
    }

    /** Reads the file an earlier process left; runs before the writer thread starts. */
    private List<Outbox.Op> load() throws IOException {
        if (!Files.exists(file.path())) {
            return List.of();
        }
        JournalLines.Contents read = JournalLines.read(file.path());
        nextSeq = read.nextSeq();
        if (read.left().isEmpty()) {
            file.delete();
            return List.of();
        }
        List<Outbox.Op> left = new ArrayList<>();
        for (int i = 0; i < read.left().size(); i++) {
            left.add(read.left().get(i).op());
            live.add(new long[] {read.left().get(i).seq(), read.ends().get(i)});
        }
        file.resume(read.whole());
        return List.copyOf(left);
    }
}
