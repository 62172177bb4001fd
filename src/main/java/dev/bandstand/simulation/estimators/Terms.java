package dev.bandstand.simulation.estimators;

import java.util.List;

/**
 * The per-round numerator and denominator of one estimator, {@code V = sum num / sum den},
 * with the effective sample size; or the reason there is no estimate. Package-private: the
 * formulas live here, the bootstrap and the evaluator only add up.
 */
final class Terms {

    final double[] num;
    /** Null means a denominator of 1 per round (a plain mean). */
    final double[] den;
    final double effectiveSampleSize;
    final Estimate.Status status;
    final String note;

    private Terms(double[] num, double[] den, double ess, Estimate.Status status, String note) {
        this.num = num;
        this.den = den;
        this.effectiveSampleSize = ess;
        this.status = status;
        this.note = note;
    }

    private static Terms ok(double[] num, double[] den, double ess, String note) {
        return new Terms(num, den, ess, Estimate.Status.OK, note);
    }

    private static Terms unavailable(Estimate.Status status, double ess, String note) {
        return new Terms(null, null, ess, status, note);
    }

    /** The terms of {@code estimator} on {@code rounds}, predictions read from the rounds. */
    static Terms of(Estimator estimator, List<Round> rounds, EstimatorSettings settings) {
        return of(estimator, rounds, settings, null);
    }

    /**
     * The terms of {@code estimator} on {@code rounds}.
     *
     * @param predicted each round's reward-model predictions, replacing the rounds' own; null
     *     to read them from the rounds
     */
    static Terms of(Estimator estimator, List<Round> rounds, EstimatorSettings settings,
            double[][] predicted) {
        int n = rounds.size();
        if (n == 0) {
            return unavailable(Estimate.Status.NO_DATA, 0, "no rounds");
        }
        double[] w = new double[n];
        double support = 0;
        for (int t = 0; t < n; t++) {
            w[t] = rounds.get(t).weight();
            support += rounds.get(t).targetProbability();
        }
        if (support == 0) {
            return unavailable(Estimate.Status.NO_SUPPORT, 0,
                    "the target policy gives every logged action probability 0");
        }
        switch (estimator) {
            case IPS:
                return ok(weightedRewards(rounds, w), null, kish(w), "");
            case CLIPPED_IPS:
                return clipped(rounds, w, settings.clip());
            case SNIPS:
                return ok(weightedRewards(rounds, w), w, kish(w), "");
            case REPLAY:
                return replay(rounds, settings.seed());
            case DIRECT_METHOD:
            case DOUBLY_ROBUST:
                return modelBased(estimator, rounds, w, predicted);
            default:
                throw new IllegalArgumentException("unknown estimator: " + estimator);
        }
    }

    private static double[] weightedRewards(List<Round> rounds, double[] w) {
        double[] num = new double[w.length];
        for (int t = 0; t < w.length; t++) {
            num[t] = w[t] * rounds.get(t).reward();
        }
        return num;
    }

    private static Terms clipped(List<Round> rounds, double[] w, double cap) {
        double[] clippedWeights = new double[w.length];
        int capped = 0;
        for (int t = 0; t < w.length; t++) {
            clippedWeights[t] = Math.min(w[t], cap);
            if (w[t] > cap) {
                capped++;
            }
        }
        String note = capped == 0 ? "" : capped + " weights capped at M=" + cap;
        return ok(weightedRewards(rounds, clippedWeights), null, kish(clippedWeights), note);
    }

    private static Terms replay(List<Round> rounds, long seed) {
        double minPropensity = 1;
        for (Round r : rounds) {
            minPropensity = Math.min(minPropensity, r.propensity());
        }
        ReplaySampler sampler = new ReplaySampler(seed, minPropensity);
        int n = rounds.size();
        double[] num = new double[n];
        double[] den = new double[n];
        int accepted = 0;
        for (int t = 0; t < n; t++) {
            Round r = rounds.get(t);
            if (sampler.accepts(t, r.targetProbability(), r.propensity())) {
                num[t] = r.reward();
                den[t] = 1;
                accepted++;
            }
        }
        if (accepted == 0) {
            return unavailable(Estimate.Status.NO_SUPPORT, 0,
                    "no round accepted by rejection sampling");
        }
        return ok(num, den, accepted, accepted + " of " + n + " rounds accepted");
    }

    private static Terms modelBased(Estimator estimator, List<Round> rounds, double[] w,
            double[][] predicted) {
        int n = rounds.size();
        double[] num = new double[n];
        for (int t = 0; t < n; t++) {
            Round r = rounds.get(t);
            double[] q = predicted == null ? r.predicted() : predicted[t];
            if (r.target() == null || q == null) {
                return unavailable(Estimate.Status.NOT_APPLICABLE, 0, "round " + t
                        + " lacks the target distribution or reward-model predictions");
            }
            if (q.length != r.target().length) {
                throw new IllegalArgumentException("round " + t + ": the model predicts "
                        + q.length + " actions, the target has " + r.target().length);
            }
            num[t] = modelTerm(estimator, r, q, w[t]);
        }
        double ess = estimator == Estimator.DIRECT_METHOD ? n : kish(w);
        return ok(num, null, ess, "");
    }

    /**
     * One round's term of the direct method ({@code sum_a pi(a) q(a)}) or of doubly robust
     * (that plus {@code w (r - q(a_t))}), with predictions {@code q}.
     */
    static double modelTerm(Estimator estimator, Round r, double[] q, double w) {
        double modelValue = 0;
        for (int a = 0; a < q.length; a++) {
            modelValue += r.target()[a] * q[a];
        }
        return estimator == Estimator.DOUBLY_ROBUST
                ? modelValue + w * (r.reward() - q[r.action()]) : modelValue;
    }

    /**
     * The mean over {@code rounds} of {@link Round#unsupported()}: the share of the target's
     * probability on actions the logging policy could not choose; NaN when there are no
     * rounds or any round does not know it.
     */
    static double unsupportedShare(List<Round> rounds) {
        double sum = 0;
        for (Round r : rounds) {
            sum += r.unsupported();
        }
        return rounds.isEmpty() ? Double.NaN : sum / rounds.size();
    }

    /** Kish's effective sample size {@code (sum w)^2 / sum w^2}; 0 when all weights are 0. */
    static double kish(double[] w) {
        double sum = 0;
        double squares = 0;
        for (double x : w) {
            sum += x;
            squares += x * x;
        }
        return squares == 0 ? 0 : sum * sum / squares;
    }

    /**
     * {@code sum c_t num_t / sum c_t den_t} over a resample in which round t appears
     * {@code c_t} times; NaN when the denominator is 0.
     */
    double value(int[] counts) {
        double a = 0;
        double b = 0;
        for (int t = 0; t < num.length; t++) {
            int c = counts[t];
            if (c != 0) {
                a += c * num[t];
                b += den == null ? c : c * den[t];
            }
        }
        return b == 0 ? Double.NaN : a / b;
    }

    /** {@code sum num / sum den} over all rounds. */
    double value() {
        double a = 0;
        double b = 0;
        for (int t = 0; t < num.length; t++) {
            a += num[t];
            b += den == null ? 1 : den[t];
        }
        return a / b;
    }
}
