package dev.bandstand.simulation.estimators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Runs the off-policy estimators of {@link Estimator} on a list of rounds and attaches a
 * percentile-bootstrap confidence interval (see {@code Bootstrap}: B resamples of the rounds
 * with replacement, seeded, split over {@link EstimatorSettings#threads()} threads, type-7
 * quantiles) and an effective sample size to each.
 *
 * <p>Every estimate carries the share of the target's probability the log cannot support
 * ({@link Estimate#unsupportedShare()}); every estimator but the direct method is {@link
 * Estimate.Status#PARTIAL_SUPPORT} above {@link Estimate#MAX_UNSUPPORTED}, and the direct
 * method, which needs no support but extrapolates its reward model there, says so in its
 * note.
 *
 * <p>Results depend only on the rounds and the settings. Instances are immutable and may be
 * shared; one call blocks its caller for the bootstrap (B times n additions per estimator),
 * so never call it on a Vert.x event loop.
 */
public final class OffPolicyEvaluator {

    private final EstimatorSettings settings;

    /** An evaluator with the given settings; never null. */
    public OffPolicyEvaluator(EstimatorSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings in use. */
    public EstimatorSettings settings() {
        return settings;
    }

    /** Every estimator, in the order of {@link Estimator}. */
    public List<Estimate> evaluateAll(List<Round> rounds) {
        return evaluate(rounds, EnumSet.allOf(Estimator.class));
    }

    /**
     * Every estimator, in the order of {@link Estimator}, the direct method and doubly robust
     * with {@code fit}'s model, refitted on every bootstrap resample.
     */
    public List<Estimate> evaluateAll(List<Round> rounds, RewardModelFit fit) {
        return evaluate(rounds, EnumSet.allOf(Estimator.class), fit);
    }

    /** The chosen estimators, in the order of {@link Estimator}. */
    public List<Estimate> evaluate(List<Round> rounds, Set<Estimator> estimators) {
        return evaluate(rounds, estimators, null);
    }

    /**
     * The chosen estimators, in the order of {@link Estimator}.
     *
     * @param fit the reward model of the direct method and doubly robust, or null to use the
     *     rounds' own predictions, fitted once (intervals then leave out the model's
     *     uncertainty)
     */
    public List<Estimate> evaluate(List<Round> rounds, Set<Estimator> estimators,
            RewardModelFit fit) {
        List<Estimate> out = new ArrayList<>();
        for (Estimator e : Estimator.values()) {
            if (estimators.contains(e)) {
                out.add(evaluate(rounds, e, fit));
            }
        }
        return out;
    }

    /**
     * One estimator's estimate.
     *
     * @param rounds the logged rounds, in log order (replay's draws are keyed on the index)
     * @return never null; {@link Estimate#available()} is false when the log cannot support
     *     an answer
     */
    public Estimate evaluate(List<Round> rounds, Estimator estimator) {
        return evaluate(rounds, estimator, null);
    }

    /**
     * One estimator's estimate; the direct method and doubly robust take their predictions
     * from {@code fit} (fitted on all rounds for the estimate, refitted on each resample for
     * the interval) instead of from the rounds.
     *
     * @param fit the reward model, or null to use the rounds' predictions, fitted once
     * @return never null; {@link Estimate#available()} is false when the log cannot support
     *     an answer
     */
    public Estimate evaluate(List<Round> rounds, Estimator estimator, RewardModelFit fit) {
        boolean refit = fit != null && !rounds.isEmpty()
                && (estimator == Estimator.DIRECT_METHOD
                        || estimator == Estimator.DOUBLY_ROBUST);
        String name = name(estimator);
        int[] all = new int[rounds.size()];
        Arrays.fill(all, 1);
        Terms terms = Terms.of(estimator, rounds, settings, refit ? fit.fit(all) : null);
        double unsupported = Terms.unsupportedShare(rounds);
        if (terms.status != Estimate.Status.OK) {
            return Estimate.unavailable(name, terms.status, terms.effectiveSampleSize,
                    rounds.size(), terms.note, unsupported);
        }

        double value = terms.value();
        Bootstrap.Interval ci = refit
                ? Bootstrap.interval(Bootstrap.refitting(estimator, rounds, weights(rounds), fit),
                        rounds.size(), settings)
                : Bootstrap.interval(terms, settings);
        String note = terms.note;
        if (ci.undefined() > 0) {
            note = join(note, ci.undefined() + " of " + settings.bootstrap()
                    + " resamples had no supported round");
        }
        boolean needsSupport = estimator != Estimator.DIRECT_METHOD;
        if (!needsSupport && unsupported > Estimate.MAX_UNSUPPORTED) {
            note = join(note, String.format(Locale.ROOT, "extrapolates: %.1f%% of the target's"
                    + " probability is on actions the log could not choose, valued by the"
                    + " reward model alone", 100 * unsupported));
        }
        double lower = Double.isNaN(ci.lower()) ? value : ci.lower();
        double upper = Double.isNaN(ci.upper()) ? value : ci.upper();
        return Estimate.ok(name, value, lower, upper, terms.effectiveSampleSize, rounds.size(),
                note, unsupported, needsSupport);
    }

    /**
     * The name an estimate of {@code estimator} carries under these settings, such as
     * {@code SNIPS} or {@code clipped-IPS(M=100)}.
     */
    public String name(Estimator estimator) {
        return estimator == Estimator.CLIPPED_IPS
                ? String.format(Locale.ROOT, "%s(M=%s)", estimator.label(),
                        trim(settings.clip()))
                : estimator.label();
    }

    private static double[] weights(List<Round> rounds) {
        double[] w = new double[rounds.size()];
        for (int t = 0; t < w.length; t++) {
            w[t] = rounds.get(t).weight();
        }
        return w;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : a + "; " + b;
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
