package dev.bandstand.store;

import java.util.List;

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
 * @param late true when an {@link Status#APPLIED} reward was accepted before the end of the
 *     wait but joined after a sweep had settled its slot (it waited in an outage buffer, or
 *     raced the sweep): it replaced the default reward the slot got (the sums and squares are
 *     exchanged, counts stay) or took back its drop, so the sums changed otherwise than
 *     {@link dev.bandstand.policy.StatsFields#rewarded} alone says; false for every other
 *     outcome
 * @param reached for a late reward to a slate slot the sweep had dropped as not reached: the
 *     earlier slots the sweep had dropped too, which the reward shows were reached (the
 *     cascade rule), each given the default reward now, as {@link Status#APPLIED} outcomes
 *     shaped as the sweep's own, in slot order, each with the version after it; empty
 *     otherwise (also when there is no default reward, or for slots of retired arms)
 */
public record RewardOutcome(Status status, PendingDecision decision, Slot slot, double reward,
        long version, boolean trained, boolean late, List<RewardOutcome> reached) {

    /** Copies {@code reached}. */
    public RewardOutcome {
        reached = List.copyOf(reached);
    }

    /** An outcome of a reward that found its slot waiting, or of a sweep. */
    public RewardOutcome(Status status, PendingDecision decision, Slot slot, double reward,
            long version, boolean trained) {
        this(status, decision, slot, reward, version, trained, false, List.of());
    }

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
