package dev.bandstand.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions this process recorded or looked up lately, bounded by bytes, oldest dropped
 * first: a reward that comes back to the instance that made the decision finds its placement
 * without a round trip, and can still be checked while Redis is unreachable. A decision never
 * changes once recorded (the reward states of its slots live in Redis only), so a copy here is
 * never wrong; at worst Redis has forgotten it already and the reward's join says so.
 *
 * <p>Each is held as its {@link PendingCodec} record, with its event id and the number of its
 * placement, in a {@link RecordRing}: one byte array allocated once and written round, and an
 * index in two int arrays. Holding decisions creates no object: held as objects (a map entry,
 * the id and its bytes, a holder and the record: five objects, about 220 bytes for a one-slot
 * decision), every G1 young collection copied them all, since under load they outlive the
 * interval between collections, and those copies set the pauses and the tail latency. A
 * decision is decoded when asked for; the last one decoded is kept, since a reward asks for
 * its decision twice in a row (to find the placement, then to join). Placement names are kept
 * once each, so a decoded decision shares them.
 *
 * <p>Size: {@link #DEFAULT_BYTES} (32 MiB) holds about 300,000 one-slot tabular decisions with
 * drawn ids (113 bytes each: header 12, id 22, record 79), half a minute at 9,000 decisions a
 * second and far longer at ordinary rates, so that a reward arriving seconds or minutes after
 * its decision is still found here; decisions with a log payload or feature vectors are
 * larger and held for less. It costs 32 MiB of heap plus the index (4 MiB), allocated once:
 * G1 puts an array of half a region or more straight into old regions, a smaller one is copied
 * out of the young generation once, and an array of primitives is never scanned for
 * references. {@link #ringBytes} takes less on a heap under 256 MiB.
 *
 * <p>Limitations: a decision whose entry is larger than 1/{@link #LARGEST_ENTRY_DIVISOR} of the
 * ring (512 KiB of 32 MiB) is not held, so that one decision cannot push out thousands; a
 * reward for it asks Redis, and any older copy of its id is dropped so that the newest wins.
 * Entries smaller than {@link #SMALLEST_AVERAGE_ENTRY} bytes on average are bounded by count
 * (the index's) before bytes. A decision held again, or whose log is dropped, leaves its old
 * copy's bytes in the ring until they are overwritten. Beyond 65,536 distinct placement names
 * (a configuration has a few), decisions of new names are not held.
 *
 * <p>Thread-safe: one lock, held while bytes are copied in or out; decoding and encoding run
 * outside it.
 */
final class RecentDecisions {

    /** Bytes of the ring on a heap of 256 MiB or more. */
    static final int DEFAULT_BYTES = 32 << 20;
    /** An entry larger than the ring's bytes divided by this is not held. */
    static final int LARGEST_ENTRY_DIVISOR = 64;
    /** The smallest average entry, in bytes, that the index has room for in the ring. */
    static final int SMALLEST_AVERAGE_ENTRY = 96;

    private static final int SMALLEST_BYTES = 1 << 20;

    private final RecordRing ring;
    private final Map<String, Integer> placementNumbers = new HashMap<>();
    private final List<String> placements = new ArrayList<>();
    /**
     * The decision decoded last, from the entry at {@link #lastDecodedAt}: served again while
     * that entry is the one held for its id.
     */
    private PendingDecision lastDecoded;
    private long lastDecodedAt = -1;

    /**
     * Decisions in a ring of {@code ringBytes} bytes, at most
     * {@code ringBytes / SMALLEST_AVERAGE_ENTRY} of them.
     *
     * @throws IllegalArgumentException when {@code ringBytes} is below
     *     {@code 12 * LARGEST_ENTRY_DIVISOR}
     */
    RecentDecisions(int ringBytes) {
        this(ringBytes, Math.max(1, ringBytes / SMALLEST_AVERAGE_ENTRY));
    }

    /** Decisions in a ring of {@code ringBytes} bytes, at most {@code maxEntries} of them. */
    RecentDecisions(int ringBytes, int maxEntries) {
        this.ring = new RecordRing(ringBytes, ringBytes / LARGEST_ENTRY_DIVISOR, maxEntries);
    }

    /**
     * The ring's bytes for a heap of at most {@code maxHeapBytes} bytes: {@link #DEFAULT_BYTES},
     * or an eighth of the heap when that is less, and 1 MiB at least.
     */
    static int ringBytes(long maxHeapBytes) {
        return (int) Math.max(SMALLEST_BYTES, Math.min(DEFAULT_BYTES, maxHeapBytes / 8));
    }

    /** Holds {@code decision}, encoding it. */
    void put(PendingDecision decision) {
        put(decision, PendingCodec.encode(decision));
    }

    /**
     * Holds {@code decision} as {@code encoded}, its {@link PendingCodec#encode} record,
     * instead of any decision held for its event id; when it is too large to hold, no decision
     * is held for its event id any more.
     */
    void put(PendingDecision decision, byte[] encoded) {
        String id = decision.eventId();
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            forget(id);
            ring.put(id, idBytes, placementNumber(decision.placement()), encoded);
        }
    }

    /** Replaces a held decision by itself without its log payload, as the newest entry. */
    void dropLog(String eventId) {
        byte[] idBytes = eventId.getBytes(StandardCharsets.UTF_8);
        while (true) {
            long at;
            int tag;
            String placement;
            byte[] record;
            synchronized (this) {
                forget(eventId);
                at = ring.find(eventId, idBytes);
                if (at < 0) {
                    return;
                }
                tag = ring.tag(at);
                placement = placements.get(tag);
                record = ring.record(at);
            }

            PendingDecision held = PendingCodec.decode(eventId, placement, record);
            if (held.log() == null) {
                return;
            }
            byte[] without = PendingCodec.encode(held.withoutLog());

            synchronized (this) {
                // a put meanwhile: drop the log of the newer copy instead
                if (ring.find(eventId, idBytes) == at) {
                    forget(eventId);
                    ring.put(eventId, idBytes, tag, without);
                    return;
                }
            }
        }
    }

    /** True when the decision is held. */
    boolean holds(String eventId) {
        byte[] idBytes = eventId.getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            return ring.find(eventId, idBytes) >= 0;
        }
    }

    /** The decision, or null when not held. */
    PendingDecision get(String eventId) {
        byte[] idBytes = eventId.getBytes(StandardCharsets.UTF_8);
        long at;
        String placement;
        byte[] record;
        synchronized (this) {
            at = ring.find(eventId, idBytes);
            if (at < 0) {
                return null;
            }
            if (at == lastDecodedAt) {
                return lastDecoded;
            }
            placement = placements.get(ring.tag(at));
            record = ring.record(at);
        }

        PendingDecision decoded = PendingCodec.decode(eventId, placement, record);

        synchronized (this) {
            // not when a put or dropLog replaced it meanwhile, or the ring overwrote it
            if (ring.find(eventId, idBytes) == at) {
                lastDecoded = decoded;
                lastDecodedAt = at;
            }
        }
        return decoded;
    }

    /** Drops the memo of {@code eventId}'s decision; under this object's lock. */
    private void forget(String eventId) {
        if (lastDecoded != null && lastDecoded.eventId().equals(eventId)) {
            lastDecoded = null;
            lastDecodedAt = -1;
        }
    }

    /** The number of {@code placement}, or -1 past the ring's tag range; under the lock. */
    private int placementNumber(String placement) {
        Integer known = placementNumbers.get(placement);
        if (known != null) {
            return known;
        }
        if (placements.size() > RecordRing.MAX_U16) {
            return -1;
        }
        placementNumbers.put(placement, placements.size());
        placements.add(placement);
        return placements.size() - 1;
    }
}
