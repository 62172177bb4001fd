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
 *
 * <p>A numeric feature value the model reads (an arm's, or a context feature named in
 * {@code context}) divided by its scale must have magnitude at most {@link #MAX_SCALED_VALUE}:
 * see {@link #check}.
 */
public record FeatureSettings(
        int dimensions, boolean armId, List<String> context, Map<String, Double> scale) {

    /** Default d, the size the benchmarks and targets use. */
    public static final int DEFAULT_DIMENSIONS = 32;

    /**
     * Largest magnitude of a numeric feature value divided by its scale that a linear
     * placement takes. An entry of the encoded vector is then at most 100 (a numeric arm
     * feature, alone or crossed with a context category) or 10,000 (a numeric context feature
     * crossed with a numeric arm feature), so that one decision adds at most about 1e8 to a
     * diagonal entry of the ridge matrix: the ridge term {@code lambda} stays many digits
     * above the rounding of doubles (relative 1.1e-16) for millions of decisions at the bound,
     * and the matrix factors. Values near [0, 1], as {@code scale} is meant to give, leave it
     * far behind. The general bound on request numbers, 1e9, lets one decision add 1e18,
     * which hides the ridge term below rounding at once.
     */
    public static final double MAX_SCALED_VALUE = 100;

    /** Copies the collections. */
    public FeatureSettings {
        context = List.copyOf(context);
        scale = Map.copyOf(scale);
    }

    /**
     * The largest magnitude accepted for numeric feature {@code name}:
     * {@link #MAX_SCALED_VALUE} times its scale (1 when it has none).
     */
    public double bound(String name) {
        return MAX_SCALED_VALUE * scale.getOrDefault(name, 1.0);
    }

    /**
     * Checks one numeric feature value of a linear placement against {@link #bound}.
     *
     * @param name the feature's name, which its scale is looked up by
     * @return null when {@code value} is finite and within the bound, else the reason, to
     *     follow the field's name: it states the bound and how it comes from the scale
     */
    public String check(String name, double value) {
        double bound = bound(name);
        if (Double.isFinite(value) && Math.abs(value) <= bound) {
            return null;
        }
        Double s = scale.get(name);
        return "must have magnitude at most " + number(bound) + " in a linear placement ("
                + number(MAX_SCALED_VALUE) + " times features.scale." + name + ", "
                + (s == null ? "1 when not set" : "here " + number(s)) + "), was " + value
                + "; set features.scale." + name + " so that values land near [0, 1]";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v);
    }
}
