package dev.bandstand.store;

import java.util.List;

/**
 * How many arms a placement may offer, for a store to check an added arm against where it
 * keeps the arms: a placement offers its configured arms, plus those added, minus those
 * retired, and at most {@code max} of them.
 *
 * @param configured the ids of the arms in the placement's settings, distinct; immutable
 * @param max the most arms the placement may offer (its {@code maxCandidates}), at least 1
 */
public record ArmLimit(List<String> configured, int max) {

    /** Copies the ids and checks the values. */
    public ArmLimit {
        configured = List.copyOf(configured);
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
    }
}
