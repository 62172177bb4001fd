package dev.bandstand.simulation.estimators;

import java.util.Locale;
import java.util.Objects;

/**
 * What one estimator concluded about a target policy's mean reward on one log.
 *
 * <p>When {@link #status()} is {@link Status#OK}, {@link Status#LOW_SUPPORT} or {@link
 * Status#PARTIAL_SUPPORT} the value and the interval are finite numbers ({@link
 * #available()}); LOW_SUPPORT marks an estimate resting on fewer than {@link #MIN_SUPPORT}
 * effective rounds, whose interval is not to be trusted (a bootstrap over 3 accepted rounds
 * can give [1, 1]); PARTIAL_SUPPORT one of an estimator that needs support while more than
 * {@link #MAX_UNSUPPORTED} of the target's probability lies on actions the log could not
 * have chosen ({@link #unsupportedShare()}), so that it is biased whatever the number of
 * rounds. Otherwise the estimate does not exist and asking for it is an error: a policy the
 * log cannot speak for is never reported as 0 or NaN. Immutable and thread-safe.
 */
public final class Estimate {

    /** Whether an estimate exists, and if not, why. */
    public enum Status {
        /** The estimate, its interval and its effective sample size are available. */
        OK,
        /** The estimate exists but its effective sample size (accepted rounds for replay) is
         *  below {@link #MIN_SUPPORT}: the value and interval are shown, not to be relied on. */
        LOW_SUPPORT,
        /** The estimate exists, but the estimator needs support and more than
         *  {@link #MAX_UNSUPPORTED} of the target's probability, averaged over the rounds, is
         *  on actions the logging policy gave probability 0: the value and interval are
         *  shown, and are biased: IPS and clipped IPS count the unsupported probability as
         *  reward 0, SNIPS and replay as if it paid what the supported actions pay, doubly
         *  robust as the reward model predicts. Takes precedence over LOW_SUPPORT. */
        PARTIAL_SUPPORT,
        /** The log holds no round in which the target policy could have made the logged
         *  choice (every target probability of a logged action is 0), or, for replay, no
         *  round was accepted: the log says nothing about this policy. A target whose whole
         *  probability is unsupported is always here. */
        NO_SUPPORT,
        /** The estimator needs input the rounds do not carry (the target's full distribution
         *  or reward-model predictions, or for slates probabilities the log does not hold). */
        NOT_APPLICABLE,
        /** There were no rounds at all. */
        NO_DATA
    }

    /**
     * Effective sample size below which an available estimate is {@link Status#LOW_SUPPORT}:
     * under about 30 rounds a percentile bootstrap interval is too narrow to mean anything.
     */
    public static final double MIN_SUPPORT = 30;

    /**
     * Largest share of the target's probability without support (mean over rounds of the
     * target's probability on actions the logging policy gave probability 0) that an
     * estimator needing support accepts as {@link Status#OK}; above it the estimate is
     * {@link Status#PARTIAL_SUPPORT}. With rewards in [0, 1] the unsupported part of the
     * value is at most this share, so 0.01 bounds IPS's bias from it by 0.01.
     */
    public static final double MAX_UNSUPPORTED = 0.01;

    private final String estimator;
    private final Status status;
    private final double value;
    private final double lower;
    private final double upper;
    private final double effectiveSampleSize;
    private final int rounds;
    private final String note;
    private final double unsupportedShare;

    private Estimate(String estimator, Status status, double value, double lower, double upper,
            double effectiveSampleSize, int rounds, String note, double unsupportedShare) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.status = Objects.requireNonNull(status, "status");
        this.value = value;
        this.lower = lower;
        this.upper = upper;
        this.effectiveSampleSize = effectiveSampleSize;
        this.rounds = rounds;
        this.note = note == null ? "" : note;
        this.unsupportedShare = unsupportedShare;
    }

    /**
     * An available estimate: {@link Status#PARTIAL_SUPPORT} when {@code needsSupport} and
     * {@code unsupportedShare} is above {@link #MAX_UNSUPPORTED}, else {@link
     * Status#LOW_SUPPORT} when the effective sample size is below {@link #MIN_SUPPORT}, else
     * {@link Status#OK}.
     *
     * @param lower lower end of the confidence interval
     * @param upper upper end, {@code >= lower}
     * @param note remarks such as undefined bootstrap resamples; may be empty
     * @param unsupportedShare the target's mean probability without support, NaN if unknown
     * @param needsSupport whether the estimator sees only logged actions (all but the direct
     *     method)
     */
    static Estimate ok(String estimator, double value, double lower, double upper,
            double effectiveSampleSize, int rounds, String note, double unsupportedShare,
            boolean needsSupport) {
        if (!Double.isFinite(value) || !Double.isFinite(lower) || !Double.isFinite(upper)) {
            throw new IllegalStateException(estimator + " produced a non-finite estimate "
                    + value + " [" + lower + ", " + upper + "]");
        }
        Status status = needsSupport && unsupportedShare > MAX_UNSUPPORTED
                ? Status.PARTIAL_SUPPORT
                : effectiveSampleSize < MIN_SUPPORT ? Status.LOW_SUPPORT : Status.OK;
        return new Estimate(estimator, status, value, lower, upper, effectiveSampleSize,
                rounds, note, unsupportedShare);
    }

    /** An estimate that does not exist, with the reason in {@code note}. */
    static Estimate unavailable(String estimator, Status status, double effectiveSampleSize,
            int rounds, String note, double unsupportedShare) {
        if (status == Status.OK || status == Status.LOW_SUPPORT
                || status == Status.PARTIAL_SUPPORT) {
            throw new IllegalArgumentException("status must not be " + status
                    + " for an unavailable one");
        }
        return new Estimate(estimator, status, Double.NaN, Double.NaN, Double.NaN,
                effectiveSampleSize, rounds, note, unsupportedShare);
    }

    /**
     * An estimator that cannot be computed honestly from the rounds at hand, such as one that
     * needs probabilities the log does not hold: {@link Status#NOT_APPLICABLE}, with an
     * effective sample size of 0.
     *
     * @param rounds the number of rounds it was asked about
     * @param reason why, shown in place of the numbers; not empty
     */
    public static Estimate notApplicable(String estimator, int rounds, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be empty");
        }
        return unavailable(estimator, Status.NOT_APPLICABLE, 0, rounds, reason, Double.NaN);
    }

    /** Short estimator name, such as {@code IPS} or {@code clipped-IPS(M=100)}. */
    public String estimator() {
        return estimator;
    }

    /** Whether the estimate exists. */
    public Status status() {
        return status;
    }

    /**
     * True when {@link #status()} is {@link Status#OK}, {@link Status#LOW_SUPPORT} or {@link
     * Status#PARTIAL_SUPPORT}.
     */
    public boolean available() {
        return status == Status.OK || status == Status.LOW_SUPPORT
                || status == Status.PARTIAL_SUPPORT;
    }

    /**
     * The point estimate of the target policy's mean reward per round.
     *
     * @throws IllegalStateException when the estimate is not available
     */
    public double value() {
        requireAvailable();
        return value;
    }

    /** Lower end of the percentile-bootstrap confidence interval; see {@link #value()}. */
    public double lower() {
        requireAvailable();
        return lower;
    }

    /** Upper end of the percentile-bootstrap confidence interval; see {@link #value()}. */
    public double upper() {
        requireAvailable();
        return upper;
    }

    /**
     * Effective sample size: Kish's {@code (sum w)^2 / sum w^2} of the importance weights for
     * the weighting estimators and doubly robust, the number of accepted rounds for replay,
     * the number of rounds for the direct method; 0 when no round supports the target.
     */
    public double effectiveSampleSize() {
        return effectiveSampleSize;
    }

    /** Number of rounds the estimate was computed from. */
    public int rounds() {
        return rounds;
    }

    /**
     * The share of the target's probability without support in the log: the mean over the
     * rounds of the target's probability on actions the logging policy gave probability 0,
     * in [0, 1]; NaN when the log does not hold the logging policy's whole distribution (or
     * the estimate did not look at rounds). The same for every estimator on the same rounds;
     * see {@link Status#PARTIAL_SUPPORT}.
     */
    public double unsupportedShare() {
        return unsupportedShare;
    }

    /** True when the effective sample size is below {@link #MIN_SUPPORT}. */
    public boolean lowEffectiveSampleSize() {
        return effectiveSampleSize < MIN_SUPPORT;
    }

    /** Remarks: the reason when unavailable, caveats otherwise; never null, may be empty. */
    public String note() {
        return note;
    }

    private void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException(estimator + " has no estimate: " + status
                    + (note.isEmpty() ? "" : " (" + note + ")"));
        }
    }

    @Override
    public String toString() {
        if (!available()) {
            return String.format(Locale.ROOT, "%s: %s (%s)", estimator, status, note);
        }
        return String.format(Locale.ROOT, "%s: %.6f [%.6f, %.6f] ess=%.1f n=%d unsupported=%.4f"
                + " %s", estimator, value, lower, upper, effectiveSampleSize, rounds,
                unsupportedShare, status);
    }
}
