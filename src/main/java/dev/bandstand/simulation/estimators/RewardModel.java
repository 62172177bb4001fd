package dev.bandstand.simulation.estimators;

/**
 * A reward model for the direct method and doubly robust: the expected reward of an action
 * in a context, as fitted on a log. Implementations are immutable once fitted and
 * thread-safe.
 */
public interface RewardModel {

    /**
     * Predicted mean reward of {@code action} in a context with bucket key {@code bucket}.
     *
     * @param bucket the context's bucket key, such as {@code morning/phone}; never null
     * @param action the action's (arm's) id; never null
     * @return a finite number on the log's reward scale
     */
    double predict(String bucket, String action);

    /** The predictions for every action of a round, in the given order. */
    default double[] predictAll(String bucket, java.util.List<String> actions) {
        double[] out = new double[actions.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = predict(bucket, actions.get(i));
        }
        return out;
    }
}
