package dev.bandstand.config;

import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The service's decision log: one DSJson file (or rotating series) per placement, with every
 * decision and its joined outcome. Off when {@code directory} is null.
 *
 * @param directory where the files go, or null when the decision log is off
 * @param rotation how the files rotate
 * @param maxBytes size limit of one file for {@link Rotation#SIZE}, in bytes
 * @param retention how long a file is kept after its last write; older files are deleted
 * @param queueCapacity most lines waiting for the writer thread; beyond that lines are
 *     refused and counted in a WARN
 */
public record DecisionLogSettings(
        Path directory,
        Rotation rotation,
        long maxBytes,
        Duration retention,
        int queueCapacity) {

    /** The decision log switched off. */
    public static final DecisionLogSettings OFF = new DecisionLogSettings(null, Rotation.DAILY,
            Defaults.LOG_MAX_BYTES, Defaults.LOG_RETENTION, Defaults.LOG_QUEUE);

    /** Checks for nulls and ranges. */
    public DecisionLogSettings {
        Objects.requireNonNull(rotation, "rotation");
        Objects.requireNonNull(retention, "retention");
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1: " + maxBytes);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1: "
                    + queueCapacity);
        }
    }

    /** True when decisions are logged. */
    public boolean on() {
        return directory != null;
    }
}
