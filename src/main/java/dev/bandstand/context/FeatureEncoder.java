package dev.bandstand.context;

/**
 * Turns a context and an arm into the dense feature vector a linear model learns on.
 * Implementations are immutable and thread-safe.
 */
public interface FeatureEncoder {

    /** Length d of every vector this encoder returns. */
    int dimensions();

    /** A new vector of length {@link #dimensions()}: every entry finite. */
    double[] encode(Context context, Arm arm);

    /**
     * Human-readable names of the raw features that land on {@code index}, such as
     * {@code partOfDay=night x tag=comedy}, for explanations; never null.
     */
    String describe(int index);
}
