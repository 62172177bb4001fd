package dev.bandstand.placement;

import java.util.Objects;

/**
 * A reward for an earlier decision, checked at the boundary for type and magnitude; the
 * engine checks it against the placement's reward range.
 *
 * @param eventId the decision's event id
 * @param armId the rewarded arm; may be null when the decision chose one arm
 * @param value reward on the placement's configured scale, finite
 */
public record RewardRequest(String eventId, String armId, double value) {

    /** Checks for null and a finite value. */
    public RewardRequest {
        Objects.requireNonNull(eventId, "eventId");
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite: " + value);
        }
    }
}
