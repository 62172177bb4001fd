package dev.bandstand.simulation.log;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Appends decision-log lines to a file per placement, optionally rotating to a new file each
 * UTC day or when the current file reaches a size.
 *
 * <p>File names, under the directory: {@code <placement>.dsjson} without rotation (the
 * default); {@code <placement>-<yyyy-MM-dd>.dsjson} with daily rotation;
 * {@code <placement>-<n>.dsjson} with size rotation, {@code n} counting up from 0 and
 * continuing after the highest existing file. Each line is written to the operating system
 * in one synchronized call, so lines of concurrent callers never interleave. A failed append
 * (disk full, directory gone) leaves no file open: the next one opens the file again, ending a
 * line cut by the failure first, so that later lines are whole. Appends block on disk I/O:
 * call from a worker thread (Vert.x {@code executeBlocking}), never from an event loop.
 *
 * <p>Limitations: a line reaches the operating system, not necessarily the disk (no fsync);
 * a single line longer than the size limit still goes to one file.
 */
public final class RotatingDecisionLog implements Closeable {

    /** How files rotate. */
    public enum Rotation {
        /** One file per placement, never rotated. */
        NONE,
        /** A new file each UTC day. */
        DAILY,
        /** A new file when the current one would pass the size limit. */
        SIZE
    }

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Path directory;
    private final String placement;
    private final Rotation rotation;
    private final long maxBytes;
    private final Clock clock;
    private final DsJsonWriter writer = new DsJsonWriter();

    private OutputStream raw;
    private Path current;
    private long bytes;
    private LocalDate day;
    private int sequence;

    /**
     * A log that is opened lazily at the first append.
     *
     * @param directory existing or creatable directory for the files
     * @param placement placement name: letters, digits, {@code . _ -}, not starting with
     *     {@code .}, {@code _} or {@code -}
     * @param rotation how files rotate
     * @param maxBytes size limit for {@link Rotation#SIZE}, {@code > 0}; ignored otherwise
     * @param clock the clock that dates daily files (UTC)
     */
    public RotatingDecisionLog(Path directory, String placement, Rotation rotation,
            long maxBytes, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.placement = Objects.requireNonNull(placement, "placement");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!SAFE_NAME.matcher(placement).matches()) {
            throw new IllegalArgumentException("placement is not a safe file name: " + placement);
        }
        if (rotation == Rotation.SIZE && maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Appends the DSJson line of {@code decision}. */
    public void append(LoggedDecision decision) throws IOException {
        appendLine(writer.line(decision));
    }

    /**
     * Appends one line (a line terminator is added).
     *
     * @param line text without line terminators
     */
    public synchronized void appendLine(String line) throws IOException {
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("line must not contain line terminators");
        }
        byte[] encoded = (line + "\n").getBytes(StandardCharsets.UTF_8);
        rollIfNeeded(encoded.length);
        try {
            raw.write(encoded);
        } catch (IOException e) {
            // part of the line may be on disk: the next append starts on a fresh line
            drop();
            throw e;
        }
        bytes += encoded.length;
    }

    /** The file the next line goes to, or null before the first append. */
    public synchronized Path currentFile() {
        return current;
    }

    private void rollIfNeeded(int next) throws IOException {
        switch (rotation) {
            case NONE:
                if (raw == null) {
                    open(directory.resolve(placement + ".dsjson"));
                }
                break;
            case DAILY:
                LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
                if (raw == null || !today.equals(day)) {
                    open(directory.resolve(placement + "-" + today + ".dsjson"));
                    day = today;
                }
                break;
            case SIZE:
                if (raw == null) {
                    sequence = firstFreeSequence();
                    open(sizeFile(sequence));
                }
                if (bytes > 0 && bytes + next > maxBytes) {
                    sequence++;
                    open(sizeFile(sequence));
                }
                break;
            default:
                throw new IllegalStateException("unknown rotation " + rotation);
        }
    }

    private Path sizeFile(int n) {
        return directory.resolve(placement + "-" + n + ".dsjson");
    }

    private int firstFreeSequence() {
        int n = 0;
        // Continue in the highest existing file; the size check rolls over when it is full.
        while (Files.exists(sizeFile(n + 1))) {
            n++;
        }
        return n;
    }

    /**
     * Opens {@code file} for appending, closing the current one. When the file does not end
     * with a line terminator (a write failed halfway), one is added first, so that the cut
     * line stays a line of its own. On failure no file is open: the next append tries again.
     */
    private void open(Path file) throws IOException {
        close();
        Files.createDirectories(directory);
        OutputStream opened = Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        try {
            long size = Files.size(file);
            if (size > 0 && !endsWithNewline(file, size)) {
                opened.write('\n');
                size++;
            }
            bytes = size;
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        raw = opened;
        current = file;
    }

    private static boolean endsWithNewline(Path file, long size) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.position(size - 1).read(last);
            return last.get(0) == '\n';
        }
    }

    /** Forgets the current file after a failed write, closing it as well as it can. */
    private void drop() {
        OutputStream dropped = raw;
        raw = null;
        try {
            dropped.close();
        } catch (IOException ignored) {
            // the write failed already; the caller reports that failure
        }
    }

    /** Closes the current file; a later append opens it again. */
    @Override
    public synchronized void close() throws IOException {
        if (raw != null) {
            OutputStream closing = raw;
            raw = null;
            closing.close();
        }
    }
}
