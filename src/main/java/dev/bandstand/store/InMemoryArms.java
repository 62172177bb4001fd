package dev.bandstand.store;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The arm changes of every placement of an {@link InMemoryStatsStore}. Thread-safe: each
 * placement's roster is guarded by its own monitor.
 */
final class InMemoryArms {

    private final Map<String, Roster> rosters = new ConcurrentHashMap<>();

    /**
     * Adds the arm unless the placement offers {@code limit.max()} arms already and this is
     * not one of them; the count and the change happen under the roster's monitor.
     */
    ArmAddition add(String placement, String armId, String description, ArmLimit limit) {
        Roster r = roster(placement);
        synchronized (r) {
            int active = r.active(limit.configured());
            boolean offered = r.added.containsKey(armId)
                    || limit.configured().contains(armId) && !r.retired.contains(armId);
            if (!offered && active >= limit.max()) {
                return new ArmAddition(false, active);
            }
            r.retired.remove(armId);
            r.added.put(armId, description);
            return new ArmAddition(true, offered ? active : active + 1);
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

        /** Configured arms neither added nor retired, plus added ones (never retired). */
        int active(List<String> configured) {
            int n = added.size();
            for (String id : configured) {
                if (!added.containsKey(id) && !retired.contains(id)) {
                    n++;
                }
            }
            return n;
        }
    }
}
