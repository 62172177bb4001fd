package dev.bandstand.policy;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Joint posterior draws over every candidate of one slate decision, kept as the leading
 * candidates of each draw in order, so that each slot's Thompson probabilities over the
 * candidates still open come from the same draws instead of new ones.
 *
 * <p>Draw m's winner among the open candidates is the first open one in its ranking (ties,
 * equal sampled values, share the win). A draw whose kept candidates are all closed is drawn
 * anew for that slot, over all candidates. Whatever the draws, the slot's probability vector
 * is what the slot is drawn from, so the probabilities stay exact; keeping the draws only
 * makes the slots' estimates of plain Thompson sampling correlated.
 *
 * <p>For one decision on one thread, as the estimates it comes from.
 */
// TODO(slates): the shared draws still cost about 20 ms for 1,000 candidates at 1,000 draws
// (1,000 x 1,000 dot products); no exact closed form is known
final class Rankings {

    /** Candidates kept per draw. */
    static final int DEPTH = 64;

    private final Estimates all;
    private final int draws;
    private final int depth;
    private final int[] index;
    private final double[] value;

    private Rankings(Estimates all, int draws, int depth) {
        this.all = all;
        this.draws = draws;
        this.depth = depth;
        this.index = new int[draws * depth];
        this.value = new double[draws * depth];
    }

    /** {@code draws} joint draws from {@code all}, each ranked to {@link #DEPTH}. */
    static Rankings draw(Estimates all, int draws, RandomGenerator random) {
        int n = all.size();
        Rankings r = new Rankings(all, draws, Math.min(n, DEPTH));
        double[] sample = new double[n];
        for (int m = 0; m < draws; m++) {
            all.sample(random, sample);
            r.keep(m, sample);
        }
        return r;
    }

    int draws() {
        return draws;
    }

    /**
     * Wins of each candidate of {@code indices} (indices into the ranked estimates, distinct)
     * over the kept draws.
     */
    double[] wins(int[] indices, RandomGenerator random) {
        int[] position = new int[all.size()];
        Arrays.fill(position, -1);
        for (int i = 0; i < indices.length; i++) {
            position[indices[i]] = i;
        }
        double[] wins = new double[indices.length];
        double[] fresh = null;
        for (int m = 0; m < draws; m++) {
            int base = m * depth;
            int first = -1;
            for (int j = 0; j < depth; j++) {
                if (position[index[base + j]] >= 0) {
                    first = j;
                    break;
                }
            }
            boolean tiesUnkept = first >= 0 && depth < all.size()
                    && value[base + depth - 1] == value[base + first];
            if (first < 0 || tiesUnkept) {
                // every kept candidate closed, or the winner ties with candidates not kept
                if (fresh == null) {
                    fresh = new double[all.size()];
                }
                all.sample(random, fresh);
                share(fresh, indices, wins);
                continue;
            }
            double best = value[base + first];
            int tied = 0;
            for (int j = first; j < depth && value[base + j] == best; j++) {
                if (position[index[base + j]] >= 0) {
                    tied++;
                }
            }
            for (int j = first; j < depth && value[base + j] == best; j++) {
                int p = position[index[base + j]];
                if (p >= 0) {
                    wins[p] += 1.0 / tied;
                }
            }
        }
        return wins;
    }

    /** One fresh draw's win among {@code indices}, ties shared. */
    private static void share(double[] sample, int[] indices, double[] wins) {
        double best = Double.NEGATIVE_INFINITY;
        int tied = 0;
        for (int i : indices) {
            if (sample[i] > best) {
                best = sample[i];
                tied = 1;
            } else if (sample[i] == best) {
                tied++;
            }
        }
        for (int k = 0; k < indices.length; k++) {
            if (sample[indices[k]] == best) {
                wins[k] += 1.0 / tied;
            }
        }
    }

    /** Keeps the {@code depth} largest entries of {@code sample}, largest first. */
    private void keep(int m, double[] sample) {
        int base = m * depth;
        int kept = 0;
        for (int i = 0; i < sample.length; i++) {
            double v = sample[i];
            if (kept == depth && !(v > value[base + depth - 1])) {
                continue;
            }
            // insertion into the sorted prefix; the smallest falls off when full
            int j = kept < depth ? kept++ : depth - 1;
            while (j > 0 && value[base + j - 1] < v) {
                value[base + j] = value[base + j - 1];
                index[base + j] = index[base + j - 1];
                j--;
            }
            value[base + j] = v;
            index[base + j] = i;
        }
    }
}
