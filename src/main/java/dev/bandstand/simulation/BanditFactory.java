package dev.bandstand.simulation;

import dev.bandstand.config.PlacementSettings;
import java.util.random.RandomGenerator;

/** Opens a fresh {@link Bandit}, with no statistics, for one run of one policy. */
@FunctionalInterface
public interface BanditFactory {

    /**
     * Opens a bandit for {@code placement}.
     *
     * @param placement the placement as the scenario configures it for this policy; its name
     *     is unique per run
     * @param random the run's own seeded generator for the policy's draws
     */
    Bandit open(PlacementSettings placement, RandomGenerator random);
}
