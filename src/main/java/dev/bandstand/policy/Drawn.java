package dev.bandstand.policy;

import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;

/**
 * A policy's draw for one slot: the chosen candidate, and the probability of that choice and
 * of every candidate, which a policy may compute only when asked (Thompson sampling's exact
 * probabilities cost far more than its draw).
 *
 * <p>The probabilities are the true probabilities of the procedure that drew the index: every
 * entry in (0, 1], the chosen one the same number in {@link #probability()} and
 * {@link #probabilities()}. Each is computed at most once; the methods are thread-safe.
 */
public final class Drawn {

    private final int index;
    private final IntToDoubleFunction each;
    private final Supplier<double[]> all;
    private double probability = Double.NaN;
    private double[] vector;

    private Drawn(int index, IntToDoubleFunction each, Supplier<double[]> all) {
        this.index = index;
        this.each = each;
        this.all = all;
    }

    /** A draw from a vector already computed; {@code p} is kept, not copied. */
    public static Drawn of(double[] p, int index) {
        Drawn d = new Drawn(index, i -> p[i], () -> p);
        d.probability = p[index];
        d.vector = p;
        return d;
    }

    /**
     * A draw whose probabilities are computed on first request.
     *
     * @param each computes one candidate's probability from its index; must agree with
     *     {@code all}'s entry to the last bit
     * @param all computes the vector over the candidates
     */
    static Drawn lazy(int index, IntToDoubleFunction each, Supplier<double[]> all) {
        return new Drawn(index, each, all);
    }

    /** Index of the chosen candidate among the estimates' candidates. */
    public int index() {
        return index;
    }

    /** The probability of the choice, in (0, 1]; computed on the first call. */
    public synchronized double probability() {
        if (Double.isNaN(probability)) {
            probability = probabilityOf(index);
        }
        return probability;
    }

    /**
     * The probability of candidate {@code i}, drawn or not, without computing the others
     * when the policy can avoid it; for policies that wrap this draw ({@link FlooredPolicy}).
     */
    synchronized double probabilityOf(int i) {
        return vector != null ? vector[i] : each.applyAsDouble(i);
    }

    /**
     * The probability of each candidate, in candidate order; computed on the first call; the
     * caller must not modify the array.
     */
    public synchronized double[] probabilities() {
        if (vector == null) {
            vector = all.get();
        }
        return vector;
    }
}
