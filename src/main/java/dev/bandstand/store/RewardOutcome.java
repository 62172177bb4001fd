package dev.bandstand.store;

/**
 * What a store did with one reward, or with one slot's default reward at expiry.
 *
 * @param status what happened
 * @param decision the joined decision; null for {@link Status#UNKNOWN_EVENT} and
 *     {@link Status#QUEUED}
 * @param slot the slot the reward went to; null unless {@link Status#APPLIED} or
 *     {@link Status#DROPPED}
 * @param reward the normalised reward applied; for {@link Status#DUPLICATE} the one applied
 *     before, when the store keeps it (the Redis store does); else NaN
 * @param version the placement's statistics version after this outcome; 0 when unknown
 *     ({@link Status#UNKNOWN_EVENT} without a placement, {@link Status#QUEUED})
 * @param trained true when an {@link Status#APPLIED} reward also taught the model; false
 *     when the slot's arm was retired before the reward arrived (the reward was joined and
 *     counted for experiment reports, and its pending count dropped), and for every other
 *     status
 */
public record RewardOutcome(Status status, PendingDecision decision, Slot slot, double reward,
        long version, boolean trained) {

    /** An outcome that trained the model exactly when it is {@link Status#APPLIED}. */
    public RewardOutcome(
            Status status, PendingDecision decision, Slot slot, double reward, long version) {
        this(status, decision, slot, reward, version, status == Status.APPLIED);
    }

    /** Every way a reward can end. */
    public enum Status {
        /** Joined and applied to the statistics, exactly once. */
        APPLIED,
        /** Expired without a reward and no default reward: the pending decision was dropped. */
        DROPPED,
        /** This event (and arm, for a slate) already had its reward; nothing changed. */
        DUPLICATE,
        /** No such event, or it expired longer ago than the store remembers. */
        UNKNOWN_EVENT,
        /** The event exists but did not choose the given arm. */
        UNKNOWN_ARM,
        /** The event's reward wait time is over; nothing changed. */
        EXPIRED,
        /** A slate's reward named no arm; nothing changed. */
        ARM_REQUIRED,
        /**
         * The shared store is unreachable: the reward was accepted into a bounded buffer and
         * will be joined and applied exactly once when the store answers again. Its final
         * status is not known yet.
         */
        QUEUED
    }
}
