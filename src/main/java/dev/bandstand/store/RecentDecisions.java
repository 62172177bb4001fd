package dev.bandstand.store;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decisions this process recorded or looked up lately, bounded, oldest dropped first: a
 * reward that comes back to the instance that made the decision finds its placement without
 * a round trip, and can still be checked while Redis is unreachable. A decision never changes
 * once recorded (the reward states of its slots live in Redis only), so a copy here is never
 * wrong; at worst Redis has forgotten it already and the reward's join says so.
 *
 * <p>Each is held as its {@link PendingCodec} record, a few objects, and decoded when asked
 * for: a decision as made holds its draw (probability vectors, suppliers), about three times
 * the objects, and every young collection copies the whole bound, so that held as made they
 * set the collector's pauses under load. Thread-safe.
 */
final class RecentDecisions {

    private record Held(String placement, byte[] encoded) {
    }

    private final int capacity;
    private final Map<String, Held> byEvent = new LinkedHashMap<>();
    /**
     * The decision decoded last: a reward asks for its decision twice in a row (to find the
     * placement, then to join), and decodes it once.
     */
    private PendingDecision lastDecoded;

    RecentDecisions(int capacity) {
        this.capacity = capacity;
    }

    /** Holds {@code decision}, encoding it. */
    void put(PendingDecision decision) {
        put(decision, PendingCodec.encode(decision));
    }

    /** Holds {@code decision} as {@code encoded}, its {@link PendingCodec#encode} record. */
    void put(PendingDecision decision, byte[] encoded) {
        Held held = new Held(decision.placement(), encoded);
        synchronized (this) {
            forget(decision.eventId());
            byEvent.put(decision.eventId(), held);
            if (byEvent.size() > capacity) {
                Iterator<String> eldest = byEvent.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    /** Replaces a held decision by itself without its log payload. */
    synchronized void dropLog(String eventId) {
        forget(eventId);
        byEvent.computeIfPresent(eventId, (id, held) -> new Held(held.placement(),
                PendingCodec.encode(decode(id, held).withoutLog())));
    }

    /** True when the decision is held. */
    synchronized boolean holds(String eventId) {
        return byEvent.containsKey(eventId);
    }

    /** The decision, or null when not held. */
    PendingDecision get(String eventId) {
        Held held;
        synchronized (this) {
            held = byEvent.get(eventId);
            if (held == null) {
                return null;
            }
            if (lastDecoded != null && lastDecoded.eventId().equals(eventId)) {
                return lastDecoded;
            }
        }
        PendingDecision decoded = decode(eventId, held);
        synchronized (this) {
            // not when a put or dropLog replaced it meanwhile
            if (byEvent.get(eventId) == held) {
                lastDecoded = decoded;
            }
        }
        return decoded;
    }

    /** Drops the memo of {@code eventId}'s decision; under this object's lock. */
    private void forget(String eventId) {
        if (lastDecoded != null && lastDecoded.eventId().equals(eventId)) {
            lastDecoded = null;
        }
    }

    private static PendingDecision decode(String eventId, Held held) {
        return PendingCodec.decode(eventId, held.placement(), held.encoded());
    }
}
