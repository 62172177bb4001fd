package dev.bandstand.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file of an {@link OutboxJournal}: whole lines appended and forced to the disk, a failed
 * append cut off again, the file replaced by its tail or deleted. Opened when first written,
 * so that a directory made unusable meanwhile shows at the next write. Not thread-safe: the
 * journal's writer thread alone uses it.
 */
final class JournalFile {

    private static final Logger LOG = LoggerFactory.getLogger(JournalFile.class);

    private final Path dir;
    private final Path path;
    /** The open file, or null when there is none or it must be opened again. */
    private FileChannel channel;
    /** The open file's identity on its file system (inode), or null. */
    private Object openedKey;
    /** Bytes of whole lines in the file. */
    private long end;
    private volatile long forces;

    JournalFile(Path dir, String name) {
        this.dir = dir;
        this.path = dir.resolve(name);
    }

    Path path() {
        return path;
    }

    /** Bytes of whole lines in the file; where the next line goes. */
    long end() {
        return end;
    }

    /** How many times the file was forced to the disk so far. */
    long forces() {
        return forces;
    }

    /**
     * Goes on with a file an earlier process left, whose whole lines end at {@code whole}:
     * what follows them (a line cut short by a crash) is cut off, so that it cannot spoil
     * the next line.
     */
    void resume(long whole) throws IOException {
        end = whole;
        open();
        if (channel.size() > end) {
            channel.truncate(end);
        }
    }

    /**
     * Appends {@code lines} and forces them to the disk; when that fails, cuts off what was
     * written of them (or, failing that too, leaves it to the next append) and throws.
     */
    void append(List<byte[]> lines) throws IOException {
        try {
            checkStillThere();
            open();
            long size = channel.size();
            if (size < end) {
                throw new IOException("outbox journal " + path + " holds " + size
                        + " bytes where " + end + " were written: it was removed, replaced or"
                        + " cut, so what it held is no longer on disk");
            }
            if (size != end) {
                // what a failed append left
                channel.truncate(end);
            }
            int total = 0;
            for (byte[] line : lines) {
                total += line.length;
            }
            ByteBuffer buffer = ByteBuffer.allocate(total);
            lines.forEach(buffer::put);
            buffer.flip();
            long at = end;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(true);
            forces++;
            end = at;
        } catch (IOException | RuntimeException e) {
            cutBack();
            // opened again at the next append: a path repaired meanwhile is used then
            close();
            throw e;
        }
    }

    /**
     * Fails, closing the file, when the file open is no longer the one at its path (removed
     * or replaced while open): lines written to it would be on no disk a restart reads.
     */
    private void checkStillThere() throws IOException {
        if (channel == null) {
            return;
        }
        boolean there;
        Object now = null;
        try {
            now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            there = true;
        } catch (NoSuchFileException e) {
            there = false;
        }
        if (!there || !Objects.equals(now, openedKey)) {
            close();
            throw new IOException("outbox journal " + path + " was removed or replaced while"
                    + " open, so what it held is no longer on disk");
        }
    }

    /**
     * Replaces the file by its bytes from offset {@code from} on: copied to a new file, forced,
     * and renamed over it. On failure the file is unchanged.
     */
    void keepFrom(long from) throws IOException {
        Path temp = dir.resolve(path.getFileName() + ".tmp");
        try {
            open();
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (long at = from; at < end; ) {
                    long n = channel.transferTo(at, end - at, out);
                    if (n <= 0) {
                        throw new IOException("copied nothing at offset " + at);
                    }
                    at += n;
                }
                out.force(true);
            }
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        forceDirectory();
        // the channel holds the file replaced; the next append opens the new one
        close();
        end -= from;
    }

    /** Deletes the file; the next append makes a new one. */
    void delete() throws IOException {
        close();
        end = 0;
        Files.deleteIfExists(path);
        forceDirectory();
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("Outbox journal {} did not close cleanly", path, e);
            }
            channel = null;
        }
    }

    private void open() throws IOException {
        if (channel != null) {
            return;
        }
        boolean created = !Files.exists(path);
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        // null where the file system has no such key; then only the file's existence is checked
        openedKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        if (created) {
            // the file's name must outlive a crash as well as its lines
            forceDirectory();
        }
    }

    private void cutBack() {
        if (channel == null) {
            return;
        }
        try {
            channel.truncate(end);
        } catch (IOException | RuntimeException e) {
            // the next append cuts it, after opening the file again
            close();
        }
    }

    /** Forces the directory, so that a file created, replaced or deleted stays so. */
    void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some systems cannot open a directory; their file systems order this themselves
            LOG.debug("Outbox journal directory {} cannot be forced", dir, e);
        }
    }
}
