package dev.bandstand.simulation.estimators;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The direct method's reward model: the mean reward per (context bucket, action), shrunk
 * towards the action's mean over all buckets, which is shrunk towards the global mean.
 *
 * <p>With {@code n} rewards summing to {@code s} in a cell and prior strength {@code k}:
 * {@code global = S / N} over all observations; {@code action(a) = (s_a + k global) /
 * (n_a + k)}; {@code cell(b, a) = (s_ba + k action(a)) / (n_ba + k)}. This is the
 * posterior mean under a normal prior centred on the coarser level (a fixed-strength
 * empirical-Bayes smoother). With {@code k = 0} it is the plain cell mean, falling back to
 * the action mean and then to the global mean only where a level has no data. An empty fit
 * predicts 0.
 *
 * <p>Limitations: fitted in-sample on the same log the estimators read (no cross-fitting),
 * so DR's correction term is slightly optimistic. For intervals that carry the model's own
 * uncertainty, give the evaluator the same model as a {@link BucketMeanFit}, which the
 * bootstrap refits on every resample. The bucket key is the caller's choice of context
 * features.
 *
 * <p>Build with {@link #builder(double)}; the built model is immutable and thread-safe.
 */
public final class BucketMeanRewardModel implements RewardModel {

    /** Default prior strength k, in observations. */
    public static final double DEFAULT_PRIOR_STRENGTH = 10;

    private final double global;
    private final double strength;
    private final Map<String, double[]> actions;
    private final Map<String, double[]> cells;

    private BucketMeanRewardModel(Builder b) {
        this.global = b.count == 0 ? 0 : b.sum / b.count;
        this.strength = b.strength;
        this.actions = copy(b.actions);
        this.cells = copy(b.cells);
    }

    /**
     * A builder that collects observations.
     *
     * @param priorStrength k, in observations, {@code >= 0}
     */
    public static Builder builder(double priorStrength) {
        if (!(priorStrength >= 0) || Double.isInfinite(priorStrength)) {
            throw new IllegalArgumentException(
                    "priorStrength must be finite and >= 0: " + priorStrength);
        }
        return new Builder(priorStrength);
    }

    @Override
    public double predict(String bucket, String action) {
        double actionMean = shrink(actions.get(action), global);
        return shrink(cells.get(key(bucket, action)), actionMean);
    }

    private double shrink(double[] countAndSum, double prior) {
        return countAndSum == null ? prior
                : shrink(countAndSum[0], countAndSum[1], strength, prior);
    }

    /** {@code (s + k prior) / (n + k)}, or {@code prior} when {@code n + k} is 0. */
    static double shrink(double n, double s, double k, double prior) {
        return n + k == 0 ? prior : (s + k * prior) / (n + k);
    }

    private static String key(String bucket, String action) {
        return bucket + '\u0000' + action;
    }

    private static Map<String, double[]> copy(Map<String, double[]> m) {
        Map<String, double[]> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** Collects observations; not thread-safe. */
    public static final class Builder {
        private final double strength;
        private final Map<String, double[]> actions = new HashMap<>();
        private final Map<String, double[]> cells = new HashMap<>();
        private double count;
        private double sum;

        private Builder(double strength) {
            this.strength = strength;
        }

        /** Adds one logged reward of {@code action} in {@code bucket}. */
        public Builder add(String bucket, String action, double reward) {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(action, "action");
            if (!Double.isFinite(reward)) {
                throw new IllegalArgumentException("reward must be finite: " + reward);
            }
            count++;
            sum += reward;
            accumulate(actions, action, reward);
            accumulate(cells, key(bucket, action), reward);
            return this;
        }

        private static void accumulate(Map<String, double[]> m, String k, double reward) {
            double[] c = m.computeIfAbsent(k, x -> new double[2]);
            c[0]++;
            c[1] += reward;
        }

        /** The fitted model; the builder may go on collecting for another model. */
        public BucketMeanRewardModel build() {
            return new BucketMeanRewardModel(this);
        }
    }
}
