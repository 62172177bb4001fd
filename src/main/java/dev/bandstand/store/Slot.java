package dev.bandstand.store;

import dev.bandstand.policy.Update;
import java.util.Objects;

/**
 * One chosen arm of a decision, at its position in the slate.
 *
 * @param armId the chosen arm
 * @param probability probability with which it was chosen at this position, in (0, 1]
 * @param update what its reward will teach the model
 */
public record Slot(String armId, double probability, Update update) {

    /** Checks for nulls and the probability range. */
    public Slot {
        Objects.requireNonNull(armId, "armId");
        Objects.requireNonNull(update, "update");
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1]: " + probability);
        }
    }
}
