package dev.bandstand.context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded, thread-safe table from term hash to the term's readable name, filled as terms are
 * first seen. Looking up a known hash allocates nothing, so the encoder's hot path pays only
 * for terms it has not met before; once full, new terms are no longer recorded.
 */
final class TermTable {

    private final int capacity;
    private final AtomicLongArray seen;
    private final int mask;
    private final Map<Long, String> names = new ConcurrentHashMap<>();

    /** A table of at most {@code capacity} names (a power of two). */
    TermTable(int capacity) {
        this.capacity = capacity;
        this.seen = new AtomicLongArray(capacity * 4);
        this.mask = capacity * 4 - 1;
    }

    /** True if the term should be named now: not yet recorded and room is left. */
    boolean wants(long hash) {
        return !contains(hash) && names.size() < capacity;
    }

    /** Records the name of a term; a no-op once full or if already known. */
    void add(long hash, String name) {
        if (names.size() >= capacity || names.putIfAbsent(hash, name) != null) {
            return;
        }
        long key = key(hash);
        for (int i = slot(key), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            long current = seen.get(i);
            if (current == key || current == 0 && seen.compareAndSet(i, 0, key)) {
                return;
            }
        }
    }

    /** A snapshot of the recorded hashes and names. */
    Map<Long, String> names() {
        return Map.copyOf(names);
    }

    private boolean contains(long hash) {
        long key = key(hash);
        for (int i = slot(key), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            long current = seen.get(i);
            if (current == key) {
                return true;
            }
            if (current == 0) {
                return false;
            }
        }
        return false;
    }

    private int slot(long key) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    // 0 marks an empty slot, so the one hash 0 shares a key with hash 1 (names stay exact).
    private static long key(long hash) {
        return hash == 0 ? 1 : hash;
    }
}
