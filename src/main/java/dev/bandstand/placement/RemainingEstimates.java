package dev.bandstand.placement;

import dev.bandstand.policy.Estimates;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The estimates of the candidates a slate has not chosen yet, as a view over the estimates of
 * all candidates: entry {@code i} of the view is entry {@code index[i]} of the whole.
 */
final class RemainingEstimates implements Estimates {

    private final Estimates all;
    private final int[] index;

    /** A view of the first {@code size} entries of {@code index}; the array is copied. */
    RemainingEstimates(Estimates all, int[] index, int size) {
        this.all = all;
        this.index = Arrays.copyOf(index, size);
    }

    @Override
    public int size() {
        return index.length;
    }

    @Override
    public double mean(int i) {
        return all.mean(index[i]);
    }

    @Override
    public double observations(int i) {
        return all.observations(index[i]);
    }

    @Override
    public double pending(int i) {
        return all.pending(index[i]);
    }

    @Override
    public double width(int i) {
        return all.width(index[i]);
    }

    @Override
    public void sample(RandomGenerator random, double[] out) {
        // one joint posterior draw of all candidates, of which the view keeps its own
        double[] whole = new double[all.size()];
        all.sample(random, whole);
        for (int i = 0; i < index.length; i++) {
            out[i] = whole[index[i]];
        }
    }

    @Override
    public String bucket() {
        return all.bucket();
    }
}
