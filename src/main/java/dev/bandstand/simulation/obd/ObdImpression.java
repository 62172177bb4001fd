package dev.bandstand.simulation.obd;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One row of an Open Bandit Dataset log: one item shown in one slot of the recommendation
 * widget, whether it was clicked and the logging policy's probability of that choice.
 *
 * @param line 1-based line number in the CSV file (the header is line 1)
 * @param timestamp impression time (the file's times are UTC)
 * @param item the item id, 0-based, the arm
 * @param position the slot, 1 (left), 2 (centre) or 3 (right)
 * @param click 1 when clicked, else 0: the reward
 * @param propensity probability that the logging policy put this item in this slot, (0, 1]
 * @param userFeatures the hashed categorical user features, in column order
 * @param affinity user-item affinity per item id; callers must not change it
 */
public record ObdImpression(
        long line,
        Instant timestamp,
        int item,
        int position,
        int click,
        double propensity,
        List<String> userFeatures,
        double[] affinity) {

    /** Copies the feature list. */
    public ObdImpression {
        Objects.requireNonNull(timestamp, "timestamp");
        userFeatures = List.copyOf(userFeatures);
        Objects.requireNonNull(affinity, "affinity");
    }
}
