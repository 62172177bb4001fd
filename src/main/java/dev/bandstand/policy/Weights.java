package dev.bandstand.policy;

/** Checks of the numbers models are given. */
final class Weights {

    private Weights() {
    }

    /** A forgetting weight must be positive and finite. */
    static void check(double weight) {
        if (!(weight > 0 && weight < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weight must be positive and finite, was "
                    + weight);
        }
    }

    /** A normalised reward must lie in [0, 1]. */
    static void checkReward(double reward) {
        if (!(reward >= 0 && reward <= 1)) {
            throw new IllegalArgumentException("reward must be normalised to [0, 1], was "
                    + reward);
        }
    }
}
