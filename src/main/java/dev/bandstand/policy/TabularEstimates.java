package dev.bandstand.policy;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * A tabular model's view of one decision: decayed counts {@code n}, reward sums {@code s} and
 * pending counts of one bucket. The posterior of an arm is Beta(1 + s, 1 + n - s), the
 * Beta-Bernoulli posterior under a uniform prior with fractional rewards taken as
 * pseudo-counts; its mean is used only by Thompson draws, while {@link #mean} is {@code s/n}
 * (0.5 with no observations).
 */
final class TabularEstimates
        implements Estimates, ProbabilityMemo, BetaPosteriors, RankedDraws {

    private final TabularModel model;
    private final int[] arms;
    private final String bucket;
    private final double[] n;
    private final double[] s;
    private final double[] pending;
    private Rankings rankings;
    // {alpha[], beta[]} of the posteriors, made at the first draw or read
    private double[][] beta;

    TabularEstimates(TabularModel model, int[] arms, String bucket,
            double[] n, double[] s, double[] pending) {
        this.model = model;
        this.arms = arms;
        this.bucket = bucket;
        this.n = n;
        this.s = s;
        this.pending = pending;
    }

    @Override
    public Rankings rankings(int draws, RandomGenerator random) {
        if (rankings == null || rankings.draws() != draws) {
            rankings = Rankings.draw(this, draws, random);
        }
        return rankings;
    }

    @Override
    public int size() {
        return n.length;
    }

    @Override
    public double mean(int i) {
        return n[i] > 0 ? s[i] / n[i] : 0.5;
    }

    @Override
    public double observations(int i) {
        return n[i];
    }

    @Override
    public double pending(int i) {
        return pending[i];
    }

    @Override
    public double width(int i) {
        return Math.sqrt(1 / (n[i] + 1));
    }

    @Override
    public void sample(RandomGenerator random, double[] out) {
        double[][] ab = betaParameters();
        for (int i = 0; i < n.length; i++) {
            out[i] = Sampling.beta(ab[0][i], ab[1][i], random);
        }
    }

    /** The posteriors' parameters, kept: callers must not change them. */
    @Override
    public double[][] betaParameters() {
        if (beta == null) {
            double[] a = new double[n.length];
            double[] b = new double[n.length];
            for (int i = 0; i < n.length; i++) {
                a[i] = 1 + s[i];
                b[i] = 1 + Math.max(0, n[i] - s[i]);
            }
            beta = new double[][] {a, b};
        }
        return beta;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Object recall(Object key) {
        // since the last change there is mostly nothing kept: no key to build then
        return model.remembersNothing() ? null : model.recall(new Key(key, bucket, arms));
    }

    @Override
    public void remember(Object key, Object value) {
        model.remember(new Key(key, bucket, arms), value);
    }

    /**
     * What a kept probability vector depends on besides the model's revision: the policy,
     * the bucket and the model's arm indices of the candidates in order. Unknown arms are all
     * -1, which is harmless: their statistics are all zero.
     */
    private static final class Key {
        private final Object policy;
        private final String bucket;
        private final int[] arms;
        private final int hash;

        Key(Object policy, String bucket, int[] arms) {
            this.policy = policy;
            this.bucket = bucket;
            this.arms = arms;
            this.hash = (policy.hashCode() * 31 + bucket.hashCode()) * 31
                    + Arrays.hashCode(arms);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.policy.equals(policy)
                    && k.bucket.equals(bucket) && Arrays.equals(k.arms, arms);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
