package dev.bandstand.simulation.estimators;

/**
 * A reward model that can be fitted again on a resample of the rounds it came from, so that
 * the bootstrap intervals of the direct method and doubly robust carry the model's own
 * uncertainty (each resample refits, as Efron and Tibshirani 1993 ch. 6 prescribe for any
 * statistic that is a function of the data).
 *
 * <p>Implementations must be thread-safe: the bootstrap calls {@link #fit} from several
 * threads at once, each call with its own array.
 */
public interface RewardModelFit {

    /**
     * Fits the model on a sample in which round {@code t} appears {@code counts[t]} times and
     * predicts every round's actions.
     *
     * @param counts multiplicity of each round, in the order of the rounds evaluated;
     *     every entry {@code >= 0}; not modified
     * @return for each round t with {@code counts[t] > 0}, the predicted reward of each of its
     *     actions (entries for other rounds may be null); arrays may be shared between rounds
     *     and must not be modified
     */
    double[][] fit(int[] counts);
}
