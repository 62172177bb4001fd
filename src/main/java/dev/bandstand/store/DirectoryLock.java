package dev.bandstand.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a lock file in a directory, so that one owner at a time writes there:
 * another process, or another owner in this JVM, that asks for the same file is refused
 * until this one is closed. The operating system drops the lock when the process dies, so a
 * crash never leaves a directory locked. The lock file stays in the directory; it holds
 * nothing.
 *
 * <p>Limitations: the lock is advisory ({@link FileChannel#tryLock}); a program that does not
 * ask for it is not kept out, and some network file systems do not honour it.
 */
public final class DirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code dir/fileName}, creating the file when missing; the directory
     * must exist. Blocks on the file system: never call it on an event loop.
     *
     * @return the lock, or null when another process or another owner in this JVM holds it
     * @throws IOException when the lock file cannot be created or opened
     */
    public static DirectoryLock tryAcquire(Path dir, String fileName) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(fileName),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // this JVM holds it already: another owner in the same process
            lock = null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            return null;
        }
        return new DirectoryLock(channel, lock);
    }

    /** Releases the lock; the next owner may take it at once. Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
        }
    }
}
