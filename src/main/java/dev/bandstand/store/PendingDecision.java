package dev.bandstand.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A decision waiting for its reward: what a store must keep to join a later reward exactly
 * once and to apply the default reward at expiry.
 *
 * @param eventId the decision's event id, unique per store
 * @param placement placement name
 * @param decidedAt when the decision was made; forgetting weights derive from it
 * @param expiresAt end of the reward wait time; after it the default reward applies
 * @param weight forgetting weight of the decision (1 without forgetting)
 * @param defaultReward normalised reward applied at expiry, or null for none
 * @param slots the chosen arms in slate order, at least one
 * @param log the decision log line's payload, or null when the decision log is off; when
 *     present its first line is {@code u:} followed by the person's user key (the keyed hash
 *     of the user id) or nothing, so that a store can find a person's decisions without
 *     knowing the rest of the format
 */
public record PendingDecision(
        String eventId,
        String placement,
        Instant decidedAt,
        Instant expiresAt,
        double weight,
        Double defaultReward,
        List<Slot> slots,
        String log) {

    /** Checks for nulls and copies the slots. */
    public PendingDecision {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        slots = List.copyOf(slots);
        if (slots.isEmpty()) {
            throw new IllegalArgumentException("a decision has at least one slot");
        }
    }

    /** True when the log payload names the user key {@code userKey}. */
    public boolean carriesUser(String userKey) {
        return log != null && log.startsWith("u:" + userKey)
                && (log.length() == userKey.length() + 2
                        || log.charAt(userKey.length() + 2) == '\n');
    }

    /** This decision without its log payload: nothing about the person is left in it. */
    public PendingDecision withoutLog() {
        return new PendingDecision(eventId, placement, decidedAt, expiresAt, weight,
                defaultReward, slots, null);
    }

    /** The slot that chose {@code armId}, or null. */
    public Slot slot(String armId) {
        for (Slot s : slots) {
            if (s.armId().equals(armId)) {
                return s;
            }
        }
        return null;
    }
}
