package dev.bandstand.store;

import java.util.Map;
import java.util.Set;

/**
 * The arms of a placement changed through the API while it runs, as a store keeps them for
 * every instance: arms added (with their description, which the store does not read) and arms
 * retired. An arm id is in at most one of the two.
 *
 * @param added arm id to the description the engine gave when adding it (JSON); immutable
 * @param retired ids of retired arms; immutable
 */
public record ArmRoster(Map<String, String> added, Set<String> retired) {

    /** No arm added or retired. */
    public static final ArmRoster EMPTY = new ArmRoster(Map.of(), Set.of());

    /** Copies both collections. */
    public ArmRoster {
        added = Map.copyOf(added);
        retired = Set.copyOf(retired);
    }
}
