package dev.bandstand.simulation.estimators;

/**
 * One logged decision as the estimators see it: which of the round's actions the logging
 * policy chose and with what probability, the reward it got, and what the target policy and
 * the reward model say about the same round.
 *
 * <p>Actions are the round's candidates by index (0-based); different rounds may have
 * different numbers of actions. The two arrays are optional: without {@code target} and
 * {@code predicted} the importance-weighting estimators and replay still work, the direct
 * method and doubly robust report {@link Estimate.Status#NOT_APPLICABLE}. Callers must not
 * change the arrays after construction. Instances are immutable and thread-safe.
 *
 * <p>Support: the estimators other than the direct method see only the logged actions, so
 * they can speak for the target's probability on actions the logging policy could choose in
 * this round and for nothing else. {@code unsupported} is the target's probability on the
 * round's actions the logging policy gave probability 0 (a deterministic logger, such as an
 * experiment's fixed variant, leaves every action but one there); {@link #withLogging}
 * computes it from both distributions. It is unknown (NaN) when the round does not carry the
 * logging policy's whole distribution, as for a log that holds only the chosen action's
 * propensity.
 *
 * @param action index of the logged (chosen) action, {@code >= 0}
 * @param propensity probability with which the logging policy chose it, in (0, 1]
 * @param reward the observed reward (any finite number; Bandstand logs use [0, 1])
 * @param targetProbability probability that the target policy chooses the logged action in
 *     this round, in [0, 1]
 * @param target the target policy's full distribution over the round's actions, or null
 * @param predicted the reward model's prediction for each of the round's actions, or null
 * @param unsupported the target's probability on actions the logging policy could not choose
 *     in this round, in [0, 1], or NaN when unknown
 */
public record Round(
        int action,
        double propensity,
        double reward,
        double targetProbability,
        double[] target,
        double[] predicted,
        double unsupported) {

    /** Checks ranges and lengths; throws {@link IllegalArgumentException} naming the field. */
    public Round {
        if (action < 0) {
            throw new IllegalArgumentException("action must be >= 0: " + action);
        }
        if (!(propensity > 0 && propensity <= 1)) {
            throw new IllegalArgumentException("propensity must be in (0, 1]: " + propensity);
        }
        if (!Double.isFinite(reward)) {
            throw new IllegalArgumentException("reward must be finite: " + reward);
        }
        if (!(targetProbability >= 0 && targetProbability <= 1)) {
            throw new IllegalArgumentException(
                    "targetProbability must be in [0, 1]: " + targetProbability);
        }
        if (target != null) {
            checkLength("target", target.length, action);
            if (Math.abs(target[action] - targetProbability) > 1e-12) {
                throw new IllegalArgumentException("target[action] " + target[action]
                        + " differs from targetProbability " + targetProbability);
            }
        }
        if (predicted != null) {
            checkLength("predicted", predicted.length, action);
            if (target != null && predicted.length != target.length) {
                throw new IllegalArgumentException("predicted has " + predicted.length
                        + " actions but target has " + target.length);
            }
        }
        if (!Double.isNaN(unsupported) && !(unsupported >= 0 && unsupported <= 1)) {
            throw new IllegalArgumentException("unsupported must be in [0, 1] or NaN: "
                    + unsupported);
        }
    }

    /**
     * A round that knows only the target policy's probability of the logged action: enough
     * for replay and the importance-weighting estimators.
     */
    public static Round of(int action, double propensity, double reward,
            double targetProbability) {
        return new Round(action, propensity, reward, targetProbability, null, null,
                Double.NaN);
    }

    /**
     * A round with the target policy's full distribution and the reward model's predictions,
     * as the direct method and doubly robust need.
     *
     * @param target probabilities over the round's actions; the logged one is read from it
     * @param predicted predicted reward per action, same length as {@code target}; may be
     *     null when no reward model is used
     */
    public static Round withDistribution(int action, double propensity, double reward,
            double[] target, double[] predicted) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        checkLength("target", target.length, action);
        return new Round(action, propensity, reward, target[action], target, predicted,
                Double.NaN);
    }

    /**
     * A round with the logging policy's and the target policy's whole distributions: the
     * propensity is {@code logging[action]}, and {@link #unsupported()} the sum of
     * {@code target[a]} over the actions with {@code logging[a] == 0}.
     *
     * @param logging the logging policy's probability of each of the round's actions, as
     *     logged; each in [0, 1], the logged action's above 0
     * @param target the target's probabilities, same length as {@code logging}
     * @param predicted predicted reward per action, same length; may be null
     */
    public static Round withLogging(int action, double[] logging, double reward,
            double[] target, double[] predicted) {
        if (logging == null || target == null) {
            throw new IllegalArgumentException("logging and target must not be null");
        }
        if (logging.length != target.length) {
            throw new IllegalArgumentException("logging has " + logging.length
                    + " actions but target has " + target.length);
        }
        checkLength("logging", logging.length, action);
        double unsupported = 0;
        for (int a = 0; a < logging.length; a++) {
            if (!(logging[a] >= 0 && logging[a] <= 1)) {
                throw new IllegalArgumentException("logging[" + a + "] must be in [0, 1]: "
                        + logging[a]);
            }
            if (logging[a] == 0) {
                unsupported += target[a];
            }
        }
        // the logged action is supported: what is left for the others is 1 - target[action]
        return new Round(action, logging[action], reward, target[action], target, predicted,
                Math.max(0, Math.min(unsupported, 1 - target[action])));
    }

    /** The same round with {@code mass} as its {@link #unsupported()} probability. */
    public Round withUnsupported(double mass) {
        return new Round(action, propensity, reward, targetProbability, target, predicted,
                mass);
    }

    /** Importance weight of the logged action: target probability over logging propensity. */
    public double weight() {
        return targetProbability / propensity;
    }

    private static void checkLength(String name, int length, int action) {
        if (action >= length) {
            throw new IllegalArgumentException(
                    name + " has " + length + " actions, too few for action " + action);
        }
    }
}
