package dev.bandstand.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions this process recorded or looked up lately, bounded, oldest dropped first: a
 * reward that comes back to the instance that made the decision finds its placement without
 * a round trip, and can still be checked while Redis is unreachable. A decision never changes
 * once recorded (the reward states of its slots live in Redis only), so a copy here is never
 * wrong; at worst Redis has forgotten it already and the reward's join says so. Thread-safe.
 */
final class RecentDecisions {

    private final int capacity;
    private final Map<String, PendingDecision> byEvent = new LinkedHashMap<>();

    RecentDecisions(int capacity) {
        this.capacity = capacity;
    }

    synchronized void put(PendingDecision decision) {
        byEvent.put(decision.eventId(), decision);
        if (byEvent.size() > capacity) {
            Iterator<String> eldest = byEvent.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    /** Replaces a held decision by itself without its log payload. */
    synchronized void dropLog(String eventId) {
        byEvent.computeIfPresent(eventId, (id, d) -> d.withoutLog());
    }

    /** The decision, or null when not held. */
    synchronized PendingDecision get(String eventId) {
        return byEvent.get(eventId);
    }
}
