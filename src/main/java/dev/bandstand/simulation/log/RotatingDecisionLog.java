package dev.bandstand.simulation.log;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
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
 * continuing after the highest existing file. Each line is written and flushed in one
 * synchronized call, so lines of concurrent callers never interleave. Appends block on disk
 * I/O: call from a worker thread (Vert.x {@code executeBlocking}), never from an event loop.
 *
 * <p>Limitations: the flush reaches the operating system, not necessarily the disk (no
 * fsync); a single line longer than the size limit still goes to one file.
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

    private BufferedWriter out;
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
        out.write(line);
        out.write('\n');
        out.flush();
        bytes += encoded.length;
    }

    /** The file the next line goes to, or null before the first append. */
    public synchronized Path currentFile() {
        return current;
    }

    private void rollIfNeeded(int next) throws IOException {
        switch (rotation) {
            case NONE:
                if (out == null) {
                    open(directory.resolve(placement + ".dsjson"));
                }
                break;
            case DAILY:
                LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
                if (out == null || !today.equals(day)) {
                    day = today;
                    open(directory.resolve(placement + "-" + today + ".dsjson"));
                }
                break;
            case SIZE:
                if (out == null) {
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

    private void open(Path file) throws IOException {
        if (out != null) {
            out.close();
        }
        Files.createDirectories(directory);
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        current = file;
        bytes = Files.size(file);
    }

    /** Flushes and closes the current file; a later append opens it again. */
    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }
}
