package dev.bandstand.policy;

import dev.bandstand.context.Arm;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A tabular model's view of one decision: decayed counts {@code n}, reward sums {@code s} and
 * pending counts of one bucket. The posterior of an arm is Beta(1 + s, 1 + n - s), the
 * Beta-Bernoulli posterior under a uniform prior with fractional rewards taken as
 * pseudo-counts; its mean is used only by Thompson draws, while {@link #mean} is {@code s/n}
 * (0.5 with no observations).
 */
final class TabularEstimates implements Estimates, ProbabilityMemo {

    private final TabularModel model;
    private final List<Arm> candidates;
    private final String bucket;
    private final double[] n;
    private final double[] s;
    private final double[] pending;

    TabularEstimates(TabularModel model, List<Arm> candidates, String bucket,
            double[] n, double[] s, double[] pending) {
        this.model = model;
        this.candidates = candidates;
        this.bucket = bucket;
        this.n = n;
        this.s = s;
        this.pending = pending;
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
        for (int i = 0; i < n.length; i++) {
            out[i] = Sampling.beta(1 + s[i], 1 + Math.max(0, n[i] - s[i]), random);
        }
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public double[] recall(Object key) {
        return model.recall(new Key(key, bucket, ids()));
    }

    @Override
    public void remember(Object key, double[] probabilities) {
        model.remember(new Key(key, bucket, ids()), probabilities);
    }

    private List<String> ids() {
        String[] ids = new String[candidates.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = candidates.get(i).id();
        }
        return List.of(ids);
    }

    /** What a kept probability vector depends on besides the model's revision. */
    private record Key(Object policy, String bucket, List<String> candidates) {
    }
}
