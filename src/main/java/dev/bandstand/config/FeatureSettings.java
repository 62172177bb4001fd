package dev.bandstand.config;

import java.util.List;
import java.util.Map;

/**
 * How a linear placement encodes context and arm features.
 *
 * @param dimensions length d of the hashed feature vector
 * @param armId whether the arm id itself is a feature (lets a linear model learn per-arm
 *     effects, as a tabular one does)
 * @param context context attributes crossed with every arm feature, such as
 *     {@code partOfDay}, {@code device}, {@code activity}
 * @param scale divisor per numeric feature name (such as {@code tempo: 200}), so that values
 *     land near [0, 1]; features not named are used as given
 */
public record FeatureSettings(
        int dimensions, boolean armId, List<String> context, Map<String, Double> scale) {

    /** Default d, the size the benchmarks and targets use. */
    public static final int DEFAULT_DIMENSIONS = 32;

    /** Copies the collections. */
    public FeatureSettings {
        context = List.copyOf(context);
        scale = Map.copyOf(scale);
    }
}
