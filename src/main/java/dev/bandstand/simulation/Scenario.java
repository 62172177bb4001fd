package dev.bandstand.simulation;

import dev.bandstand.config.PlacementSettings;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A simulation as a scenario file describes it: an environment, the policies to run against
 * it, how many seeded replicates, and the bounds its numbers must stay within.
 *
 * @param name scenario name, used in file names and report titles
 * @param description one paragraph for the report; may be empty
 * @param environment environment type, such as {@code movielens-artwork}
 * @param parameters the environment's parameters as read from the file
 * @param seed master seed; every random stream of the run derives from it
 * @param replicates independent runs per policy, at least 1
 * @param policies the policies, each as a full placement, names unique
 * @param checks bounds checked after the run; may be empty
 * @param gain the pair of policies whose per-segment difference the report shows, or null
 */
public record Scenario(
        String name,
        String description,
        String environment,
        Map<String, Object> parameters,
        long seed,
        int replicates,
        List<PolicySpec> policies,
        List<Check> checks,
        Gain gain) {

    /** Checks for nulls and copies the collections. */
    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(environment, "environment");
        parameters = Map.copyOf(parameters);
        policies = List.copyOf(policies);
        checks = List.copyOf(checks);
        if (replicates < 1) {
            throw new IllegalArgumentException("replicates must be at least 1: " + replicates);
        }
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("a scenario needs at least one policy");
        }
    }

    /** The same scenario with another master seed. */
    public Scenario withSeed(long newSeed) {
        return new Scenario(name, description, environment, parameters, newSeed, replicates,
                policies, checks, gain);
    }

    /** The same scenario with another number of replicates. */
    public Scenario withReplicates(int n) {
        return new Scenario(name, description, environment, parameters, seed, n, policies,
                checks, gain);
    }

    /**
     * One policy of the scenario.
     *
     * @param name label in reports, such as {@code linucb}
     * @param placement the placement the policy runs as
     */
    public record PolicySpec(String name, PlacementSettings placement) {
    }

    /**
     * A bound on a summary metric of one policy (the mean over replicates).
     *
     * @param policy policy name
     * @param metric a metric name of {@link PolicySummary#metric(String)}
     * @param min lowest allowed value, or NaN for none
     * @param max highest allowed value, or NaN for none
     */
    public record Check(String policy, String metric, double min, double max) {
    }

    /**
     * The per-segment gain the report shows: reward per round of {@code policy} minus that of
     * {@code over}, such as a contextual policy over a context-free one.
     */
    public record Gain(String policy, String over) {
    }
}
