package dev.bandstand.policy;

/**
 * A warm start for an arm a tabular model has not seen: {@code weight} pseudo-observations
 * with mean reward {@code mean}, as if the arm had been rewarded {@code weight} times with
 * that mean, in every bucket. The pseudo-observations are added when the model is read (to
 * {@code n} and {@code s}), never stored with the statistics, and are not forgotten: the real
 * observations outweigh them as they come.
 *
 * @param mean prior mean on the normalised scale, in [0, 1]
 * @param weight number of pseudo-observations, in [0, {@value #MAX_WEIGHT}]
 */
public record ArmPrior(double mean, double weight) {

    /** Largest prior weight accepted. */
    public static final double MAX_WEIGHT = 1_000_000;

    /** Checks both ranges. */
    public ArmPrior {
        if (!(mean >= 0 && mean <= 1)) {
            throw new IllegalArgumentException("prior.mean must be in [0, 1] once normalised: "
                    + mean);
        }
        if (!(weight >= 0 && weight <= MAX_WEIGHT)) {
            throw new IllegalArgumentException("prior.weight must be in [0, " + MAX_WEIGHT
                    + "]: " + weight);
        }
    }
}
