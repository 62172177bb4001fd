package dev.bandstand.store;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arm changes of every placement of an {@link InMemoryStatsStore}. Thread-safe: each
 * placement's roster is guarded by its own monitor.
 */
final class InMemoryArms {

    private final Map<String, Roster> rosters = new ConcurrentHashMap<>();

    void add(String placement, String armId, String description) {
        Roster r = roster(placement);
        synchronized (r) {
            r.retired.remove(armId);
            r.added.put(armId, description);
        }
    }

    void retire(String placement, String armId) {
        Roster r = roster(placement);
        synchronized (r) {
            r.added.remove(armId);
            r.retired.add(armId);
        }
    }

    boolean retired(String placement, String armId) {
        Roster r = rosters.get(placement);
        if (r == null) {
            return false;
        }
        synchronized (r) {
            return r.retired.contains(armId);
        }
    }

    ArmRoster snapshot(String placement) {
        Roster r = rosters.get(placement);
        if (r == null) {
            return ArmRoster.EMPTY;
        }
        synchronized (r) {
            return new ArmRoster(r.added, r.retired);
        }
    }

    private Roster roster(String placement) {
        return rosters.computeIfAbsent(placement, p -> new Roster());
    }

    /** One placement's changes; guarded by its own monitor. */
    private static final class Roster {
        final Map<String, String> added = new LinkedHashMap<>();
        final Set<String> retired = new HashSet<>();
    }
}
