package dev.bandstand.store;

import java.util.Map;

/**
 * A consistent copy of one placement's statistics.
 *
 * @param version the placement's statistics version these sums belong to
 * @param sums field name to sum, as {@link dev.bandstand.policy.StatsFields} names them
 */
public record StatsSnapshot(long version, Map<String, Double> sums) {

    /** Copies the sums. */
    public StatsSnapshot {
        sums = Map.copyOf(sums);
    }
}
