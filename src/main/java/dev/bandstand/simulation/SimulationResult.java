package dev.bandstand.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a simulation produced: every run's trace and each policy's summary, in the
 * scenario's policy order.
 *
 * @param scenario the scenario as run (with the seed actually used)
 * @param environment environment name
 * @param notes the environment's description of its truth
 * @param baselines baseline names, in the environment's order
 * @param slateSize arms chosen per round
 * @param runs every run, by policy then replicate
 * @param mode how the service was driven: {@code engine}, {@code redis} or {@code http}
 */
public record SimulationResult(
        Scenario scenario,
        String environment,
        String notes,
        List<String> baselines,
        int slateSize,
        List<RunResult> runs,
        String mode) {

    /** Copies the lists. */
    public SimulationResult {
        baselines = List.copyOf(baselines);
        runs = List.copyOf(runs);
    }

    /** The runs of each policy, in scenario order. */
    public Map<String, List<RunResult>> byPolicy() {
        Map<String, List<RunResult>> map = new LinkedHashMap<>();
        for (Scenario.PolicySpec p : scenario.policies()) {
            map.put(p.name(), new ArrayList<>());
        }
        for (RunResult r : runs) {
            map.get(r.policy()).add(r);
        }
        return map;
    }

    /** Each policy's summary, in scenario order. */
    public List<PolicySummary> summaries() {
        List<PolicySummary> list = new ArrayList<>();
        byPolicy().values().forEach(runs -> list.add(PolicySummary.of(runs)));
        return list;
    }

    /** The summary of one policy; fails naming the policy when unknown. */
    public PolicySummary summary(String policy) {
        List<RunResult> runs = byPolicy().get(policy);
        if (runs == null) {
            throw new IllegalArgumentException("unknown policy: " + policy);
        }
        return PolicySummary.of(runs);
    }

    /**
     * The failed checks of the scenario, each as one line; empty when all hold.
     */
    public List<String> failedChecks() {
        List<String> failed = new ArrayList<>();
        for (Scenario.Check c : scenario.checks()) {
            double v = summary(c.policy()).metric(c.metric());
            if (!Double.isNaN(c.min()) && !(v >= c.min())
                    || !Double.isNaN(c.max()) && !(v <= c.max())) {
                failed.add(String.format(java.util.Locale.ROOT,
                        "%s %s = %.4f outside [%s, %s]", c.policy(), c.metric(), v,
                        Double.isNaN(c.min()) ? "-inf" : c.min(),
                        Double.isNaN(c.max()) ? "+inf" : c.max()));
            }
        }
        return failed;
    }
}
