package dev.bandstand.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The policy types the configuration accepts and the range of each of their parameters.
 * Checked here so that a bad value is reported with its YAML key before any policy is built.
 */
final class PolicyRules {

    /** One parameter's bounds; open bounds exclude the bound itself. */
    private record Rule(double min, boolean minOpen, double max, boolean maxOpen,
            boolean whole) {

        static Rule closed(double min, double max) {
            return new Rule(min, false, max, false, false);
        }

        static Rule positive() {
            return new Rule(0, true, Double.POSITIVE_INFINITY, true, false);
        }

        static Rule atLeast(double min) {
            return new Rule(min, false, Double.POSITIVE_INFINITY, true, false);
        }

        static Rule count(long min, long max) {
            return new Rule(min, false, max, false, true);
        }

        boolean accepts(double v) {
            boolean aboveMin = minOpen ? v > min : v >= min;
            boolean belowMax = maxOpen ? v < max : v <= max;
            return aboveMin && belowMax && (!whole || v == Math.rint(v));
        }

        String describe() {
            if (whole) {
                return "a whole number in " + (long) min + ".." + (long) max;
            }
            if (max == Double.POSITIVE_INFINITY) {
                return minOpen ? "> " + fmt(min) : ">= " + fmt(min);
            }
            return "in " + (minOpen ? "(" : "[") + fmt(min) + ", " + fmt(max)
                    + (maxOpen ? ")" : "]");
        }

        private static String fmt(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        }
    }

    private static final Rule FLOOR = new Rule(0, false, 1, true, false);
    private static final Rule DRAWS = Rule.count(1, 100_000);

    private static final Map<String, Map<String, Rule>> TYPES = buildTypes();

    private PolicyRules() {
    }

    /** Every accepted policy type, in a stable order. */
    static Set<String> types() {
        return TYPES.keySet();
    }

    /**
     * Reads a {@code policy} mapping: {@code type} plus that type's parameters.
     *
     * @throws ConfigException naming the key of an unknown type, an unknown parameter or a
     *     value out of range
     */
    static PolicySettings read(YamlNode policy) {
        if (!policy.present()) {
            throw policy.fail("missing; every placement needs a policy with a type, one of "
                    + String.join(", ", TYPES.keySet()));
        }
        YamlNode typeNode = policy.child("type");
        String type = typeNode.text(null);
        if (type == null) {
            throw typeNode.fail("missing; one of " + String.join(", ", TYPES.keySet()));
        }
        Map<String, Rule> rules = TYPES.get(type);
        if (rules == null) {
            throw typeNode.fail("unknown policy type '" + type + "'; expected one of "
                    + String.join(", ", TYPES.keySet()));
        }

        Map<String, Double> params = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : policy.entries().entrySet()) {
            String name = e.getKey();
            if (name.equals("type")) {
                continue;
            }
            Rule rule = rules.get(name);
            if (rule == null) {
                throw e.getValue().fail("unknown parameter for policy " + type
                        + "; it takes " + (rules.isEmpty() ? "none"
                        : String.join(", ", rules.keySet())));
            }
            YamlNode node = e.getValue();
            if (!node.present()) {
                continue;
            }
            double value = node.number(Double.NaN);
            if (!rule.accepts(value)) {
                throw node.fail("must be " + rule.describe() + ", was " + node.text(""));
            }
            params.put(name, value);
        }
        return new PolicySettings(type, params);
    }

    private static Map<String, Map<String, Rule>> buildTypes() {
        Map<String, Map<String, Rule>> t = new LinkedHashMap<>();
        t.put("uniform", withFloor(Map.of()));
        t.put("epsilon-greedy", withFloor(Map.of("epsilon", Rule.closed(0, 1))));
        t.put("ucb1", withFloor(Map.of("c", Rule.positive())));
        t.put("thompson", withFloor(Map.of("draws", DRAWS)));
        t.put("softmax", withFloor(Map.of("temperature", Rule.positive())));
        t.put("linucb", withFloor(Map.of("alpha", Rule.atLeast(0), "lambda", Rule.positive())));
        t.put("linear-thompson", withFloor(Map.of("v", Rule.positive(),
                "lambda", Rule.positive(), "draws", DRAWS)));
        return Collections.unmodifiableMap(t);
    }

    private static Map<String, Rule> withFloor(Map<String, Rule> rules) {
        Map<String, Rule> out = new TreeMap<>(rules);
        out.put("floor", FLOOR);
        out.put("burnIn", Rule.count(0, 1_000_000));
        return Collections.unmodifiableMap(out);
    }
}
