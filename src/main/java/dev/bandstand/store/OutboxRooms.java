package dev.bandstand.store;

import java.util.HashMap;
import java.util.Map;

/**
 * The room in an {@link Outbox}: its two bounded parts, one for rewards and one for decisions
 * (counting the rooms kept for decisions on their way to Redis), and what they hold by event
 * id, so that a second reward for a slot is refused as a duplicate and a buffered decision
 * can be joined with its reward. Not thread-safe: the outbox's lock guards it.
 */
final class OutboxRooms {

    private final int rewardCapacity;
    private final int decisionCapacity;
    /** Held rewards by event id and arm. */
    private final Map<String, Integer> rewards = new HashMap<>();
    /** Held decisions by event id. */
    private final Map<String, PendingDecision> decisions = new HashMap<>();
    private int rewardsHeld;
    private int decisionsHeld;
    private int reserved;

    /**
     * @param rewardCapacity most rewards held
     * @param decisionCapacity most decisions held, counting the rooms {@link #reserve()} keeps
     */
    OutboxRooms(int rewardCapacity, int decisionCapacity) {
        this.rewardCapacity = rewardCapacity;
        this.decisionCapacity = decisionCapacity;
    }

    int rewardCapacity() {
        return rewardCapacity;
    }

    int decisionCapacity() {
        return decisionCapacity;
    }

    int rewardsHeld() {
        return rewardsHeld;
    }

    /** True when a reward for the same event and arm is held. */
    boolean holds(Outbox.Reward r) {
        return rewards.containsKey(key(r));
    }

    /** The held decision of {@code eventId}, or null. */
    PendingDecision decision(String eventId) {
        return decisions.get(eventId);
    }

    boolean rewardRoom() {
        return rewardsHeld < rewardCapacity;
    }

    /** True when a decision fits, the kept rooms aside. */
    boolean decisionRoom() {
        return decisionsHeld + reserved < decisionCapacity;
    }

    /** Takes the room and the event id of an operation. */
    void take(Outbox.Op op) {
        if (op instanceof Outbox.Reward r) {
            rewards.merge(key(r), 1, Integer::sum);
            rewardsHeld++;
        } else {
            // a client may send one event id twice: the first decision is the one that counts
            Outbox.Decision d = (Outbox.Decision) op;
            decisions.putIfAbsent(d.eventId(), d.decision());
            decisionsHeld++;
        }
    }

    /** Gives back what {@link #take} took. */
    void giveBack(Outbox.Op op) {
        if (op instanceof Outbox.Reward r) {
            rewards.computeIfPresent(key(r), (k, c) -> c == 1 ? null : c - 1);
            rewardsHeld--;
        } else {
            Outbox.Decision d = (Outbox.Decision) op;
            decisions.remove(d.eventId(), d.decision());
            decisionsHeld--;
        }
    }

    /** Keeps a room for one decision; false when none is left. */
    boolean reserve() {
        if (!decisionRoom()) {
            return false;
        }
        reserved++;
        return true;
    }

    /** Gives back a room {@link #reserve()} kept. */
    void unreserve() {
        reserved--;
    }

    private static String key(Outbox.Reward r) {
        return r.eventId() + '|' + (r.armId() == null ? "" : r.armId());
    }
}
