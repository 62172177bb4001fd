package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A placement's arms while it runs: the fixed arms of its settings, plus arms added, minus arms
 * retired through the API. A retired arm is never a candidate again, also when a request lists
 * it, until it is added anew.
 *
 * <p>Thread-safe; every method is one short critical section.
 */
// TODO(arm-lifecycle): arm changes live in this process only; other instances learn of them
// once the store keeps the arm set (see docs/playlists.md, "Arm lifecycle")
final class ArmSet {

    private final Map<String, Arm> fixed = new LinkedHashMap<>();
    private final Set<String> retired = new HashSet<>();

    ArmSet(List<Arm> configured) {
        for (Arm arm : configured) {
            fixed.put(arm.id(), arm);
        }
    }

    /** The fixed arms in configuration order, added arms after them. */
    synchronized List<Arm> fixed() {
        return List.copyOf(fixed.values());
    }

    /** Adds or replaces an arm; a retired arm with that id becomes a candidate again. */
    synchronized void add(Arm arm) {
        retired.remove(arm.id());
        fixed.put(arm.id(), arm);
    }

    /** Retires an arm; true when it was not retired before. */
    synchronized boolean retire(String armId) {
        fixed.remove(armId);
        return retired.add(armId);
    }

    /** True when {@code armId} is retired. */
    synchronized boolean retired(String armId) {
        return retired.contains(armId);
    }

    /** The request's candidates without the retired ones, in request order. */
    synchronized List<Arm> open(List<Arm> requested) {
        if (retired.isEmpty()) {
            return requested;
        }
        List<Arm> open = new ArrayList<>(requested.size());
        for (Arm arm : requested) {
            if (!retired.contains(arm.id())) {
                open.add(arm);
            }
        }
        return open;
    }
}
