package dev.bandstand.policy;

import java.util.Objects;

/**
 * Update recipe of a linear model: the arm and its encoded context-by-arm feature vector.
 *
 * @param armId the chosen arm
 * @param x the feature vector of length d; callers must not modify it after construction
 */
public record LinearUpdate(String armId, double[] x) implements Update {

    /** Checks for nulls. */
    public LinearUpdate {
        Objects.requireNonNull(armId, "armId");
        Objects.requireNonNull(x, "x");
    }
}
