package dev.bandstand.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A decision recorded in the {@link InMemoryStatsStore} and the state of its slots, as the
 * Redis record keeps them: waiting, rewarded, given the default reward at expiry, or dropped
 * at expiry. Guarded by its own monitor; the store changes the sums after a state change,
 * outside it, since increments commute.
 */
final class InMemoryEntry {

    /** Waiting for its reward. */
    static final byte WAITING = 0;
    /** Rewarded; never changes again. */
    static final byte REWARDED = 1;
    /** Given the default reward at expiry. */
    static final byte DEFAULTED = 2;
    /** Dropped at expiry: not reached, no default reward, or its arm retired. */
    static final byte DROPPED = 3;
    /** What {@link #claim} answers when the wait was over when the reward was accepted. */
    static final byte TOO_LATE = -1;

    // replaced only by forget(), which keeps every field the queues order by
    volatile PendingDecision decision;
    final long dueSeconds;
    final int dueNanos;
    final String eventId;
    private final byte[] states;
    private boolean settled;

    InMemoryEntry(PendingDecision decision) {
        this.decision = decision;
        this.dueSeconds = decision.expiresAt().getEpochSecond();
        this.dueNanos = decision.expiresAt().getNano();
        this.eventId = decision.eventId();
        this.states = new byte[decision.slots().size()];
    }

    /** Drops the log payload when it carries {@code userKey}; true when it did. */
    synchronized boolean forget(String userKey) {
        if (!decision.carriesUser(userKey)) {
            return false;
        }
        decision = decision.withoutLog();
        return true;
    }

    /**
     * Takes slot {@code index} for a reward accepted at {@code now}: the slot's state before
     * ({@link #WAITING}, or {@link #DEFAULTED} or {@link #DROPPED} when the reward replaces
     * what expiry did), else {@link #REWARDED} or {@link #TOO_LATE} and nothing changed. A
     * reward is judged by when it was accepted, not by whether expiry came first.
     */
    synchronized byte claim(int index, Instant now) {
        byte before = states[index];
        if (before == REWARDED) {
            return REWARDED;
        }
        if (!now.isBefore(decision.expiresAt())) {
            return TOO_LATE;
        }
        states[index] = REWARDED;
        return before;
    }

    /**
     * Gives the default reward to the slots before {@code index} dropped at expiry, now that
     * a reward at {@code index} shows they were reached (the {@link Cascade} rule), except
     * those whose arm is retired.
     *
     * @param retired per slot before {@code index}, whether its arm is retired now
     * @return the slots changed, each once however many rewards race
     */
    synchronized List<Integer> reach(int index, boolean[] retired) {
        List<Integer> reached = new ArrayList<>();
        for (int i = 0; i < index; i++) {
            if (states[i] == DROPPED && !retired[i]) {
                states[i] = DEFAULTED;
                reached.add(i);
            }
        }
        return reached;
    }

    /**
     * Settles the slots still waiting, once: under the {@link Cascade} rule each gets the
     * default reward ({@link #DEFAULTED}) or is {@link #DROPPED}.
     *
     * @param defaulting whether there is a default reward
     * @param retired per slot, whether its arm is retired now
     * @return the slots settled now, in slot order; empty when settled before
     */
    synchronized List<Settled> settle(boolean defaulting, boolean[] retired) {
        if (settled) {
            return List.of();
        }
        settled = true;
        boolean[] rewarded = new boolean[states.length];
        for (int i = 0; i < states.length; i++) {
            rewarded[i] = states[i] == REWARDED;
        }
        int reached = Cascade.reached(rewarded);
        List<Settled> out = List.of();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == WAITING) {
                boolean defaulted = defaulting && i < reached && !retired[i];
                states[i] = defaulted ? DEFAULTED : DROPPED;
                if (out.isEmpty()) {
                    out = new ArrayList<>();
                }
                out.add(new Settled(i, defaulted));
            }
        }
        return out;
    }

    /** A slot settled at expiry: given the default reward, or dropped. */
    record Settled(int index, boolean defaulted) {
    }
}
