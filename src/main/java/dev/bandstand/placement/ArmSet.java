package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import dev.bandstand.policy.ArmPrior;
import dev.bandstand.simulation.log.DsJsonWriter;
import dev.bandstand.store.ArmRoster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A placement's arms while it runs: the fixed arms of its settings, plus arms added, minus arms
 * retired through the API. A retired arm is never a candidate again, also when a request lists
 * it, until it is added anew. The store keeps the changes for every instance
 * ({@link ArmRoster}); this set is the instance's copy, changed at once by its own API calls
 * and replaced by the store's at each sync.
 *
 * <p>An arm an older build stored with a feature the decision log now reserves
 * ({@link DsJsonWriter#reservedArmFeature}, such as a name starting with {@code _}) is
 * served without that feature, by the policy and in the log alike, with one WARN per arm
 * saying to add it again under another name.
 *
 * <p>Thread-safe; every method is one short critical section.
 */
final class ArmSet {

    private static final Logger LOG = LoggerFactory.getLogger(ArmSet.class);

    private final String placement;
    private final List<Arm> configured;
    /** Stored arms served without a reserved feature, each warned about once. */
    private final Set<String> warned = new HashSet<>();
    private final Map<String, Arm> fixed = new LinkedHashMap<>();
    private final Set<String> retired = new HashSet<>();
    private final Map<String, ArmPrior> priors = new HashMap<>();

    ArmSet(String placement, List<Arm> configured) {
        this.placement = placement;
        this.configured = List.copyOf(configured);
        for (Arm arm : configured) {
            fixed.put(arm.id(), arm);
        }
    }

    /** The fixed arms in configuration order, added arms after them. */
    synchronized List<Arm> fixed() {
        return List.copyOf(fixed.values());
    }

    /** What {@link #add} did. */
    enum Change {
        /** The arm was not among the fixed arms (new, or retired before). */
        ADDED,
        /** An arm of that id was replaced by one with other features or another prior. */
        UPDATED,
        /** The arm was there already, with the same features and prior. */
        UNCHANGED
    }

    /**
     * Adds or replaces an arm; a retired arm with that id becomes a candidate again.
     *
     * @param prior the arm's warm start, or null for none
     */
    synchronized Change add(Arm arm, ArmPrior prior) {
        retired.remove(arm.id());
        Arm before = fixed.put(arm.id(), arm);
        ArmPrior priorBefore = prior == null ? priors.remove(arm.id())
                : priors.put(arm.id(), prior);
        if (before == null) {
            return Change.ADDED;
        }
        return before.equals(arm) && Objects.equals(priorBefore, prior) ? Change.UNCHANGED
                : Change.UPDATED;
    }

    /** The number of fixed arms: configured and added ones, without the retired ones. */
    synchronized int size() {
        return fixed.size();
    }

    /** Retires an arm; true when it was not retired before. */
    synchronized boolean retire(String armId) {
        fixed.remove(armId);
        priors.remove(armId);
        return retired.add(armId);
    }

    /** Replaces every change with the store's: configured arms, plus added, minus retired. */
    synchronized void replace(ArmRoster roster) {
        fixed.clear();
        retired.clear();
        priors.clear();
        for (Arm arm : configured) {
            fixed.put(arm.id(), arm);
        }
        // TODO(bounds): an arm an older build added with a linear feature beyond today's bound
        // is served as stored; only the model's fallback (policy.Ridge) guards against it
        for (Map.Entry<String, String> added : roster.added().entrySet()) {
            ArmDescriptions.Described d = ArmDescriptions.decode(added.getKey(),
                    added.getValue());
            add(withoutReserved(d.arm()), d.prior());
        }
        for (String id : roster.retired()) {
            retire(id);
        }
    }

    private Arm withoutReserved(Arm arm) {
        Map<String, Object> kept = new LinkedHashMap<>(arm.features());
        kept.entrySet().removeIf(
                f -> DsJsonWriter.reservedArmFeature(f.getKey(), f.getValue()) != null);
        if (kept.size() == arm.features().size()) {
            return arm;
        }
        if (warned.add(arm.id())) {
            List<String> dropped = arm.features().keySet().stream()
                    .filter(name -> !kept.containsKey(name)).sorted().toList();
            LOG.warn("Placement {}: arm {} was stored by an older version with features the"
                    + " decision log reserves ({}); it is served without them. PUT the arm"
                    + " again with them renamed", placement, arm.id(), dropped);
        }
        return new Arm(arm.id(), kept);
    }

    /** The warm starts of added arms, arm id to prior. */
    synchronized Map<String, ArmPrior> priors() {
        return Map.copyOf(priors);
    }

    /** The retired arm ids, sorted. */
    synchronized List<String> retiredIds() {
        return retired.stream().sorted().toList();
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
