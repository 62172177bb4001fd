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

    /** The terms of {@code estimator} on {@code rounds}. */
    static Terms of(Estimator estimator, List<Round> rounds, EstimatorSettings settings) {
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
                return modelBased(estimator, rounds, w);
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

    private static Terms modelBased(Estimator estimator, List<Round> rounds, double[] w) {
        int n = rounds.size();
        double[] num = new double[n];
        for (int t = 0; t < n; t++) {
            Round r = rounds.get(t);
            if (r.target() == null || r.predicted() == null) {
                return unavailable(Estimate.Status.NOT_APPLICABLE, 0, "round " + t
                        + " lacks the target distribution or reward-model predictions");
            }
            double modelValue = 0;
            for (int a = 0; a < r.target().length; a++) {
                modelValue += r.target()[a] * r.predicted()[a];
            }
            num[t] = modelValue;
            if (estimator == Estimator.DOUBLY_ROBUST) {
                num[t] += w[t] * (r.reward() - r.predicted()[r.action()]);
            }
        }
        double ess = estimator == Estimator.DIRECT_METHOD ? n : kish(w);
        return ok(num, null, ess, "");
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
