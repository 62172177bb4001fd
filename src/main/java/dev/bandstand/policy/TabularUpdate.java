package dev.bandstand.policy;

import java.util.List;
import java.util.Objects;

/**
 * Update recipe of a tabular model: the arm and every bucket key it counts in, from the
 * finest (such as {@code morning/phone/running}) to the global bucket {@code ""}.
 *
 * @param armId the chosen arm
 * @param bucketKeys keys from finest to coarsest, the last one always the empty string
 */
public record TabularUpdate(String armId, List<String> bucketKeys) implements Update {

    /** Checks for nulls and copies the keys. */
    public TabularUpdate {
        Objects.requireNonNull(armId, "armId");
        bucketKeys = List.copyOf(bucketKeys);
    }
}
