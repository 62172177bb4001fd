package dev.bandstand.policy;

import dev.bandstand.config.PolicySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds policies from settings and checks their parameters; the configuration loader calls
 * this at start-up, so a bad value stops the process before it serves.
 *
 * <p>Types and parameters, with their defaults and allowed ranges:
 * <ul>
 *   <li>{@code uniform}: no parameter of its own.
 *   <li>{@code epsilon-greedy}: {@code epsilon} {@value #DEFAULT_EPSILON}, in [0, 1].
 *   <li>{@code ucb1}: {@code c} {@value #DEFAULT_C}, finite and at least 0.
 *   <li>{@code softmax}: {@code temperature} {@value #DEFAULT_TEMPERATURE}, finite and
 *       above 0.
 *   <li>{@code thompson}: {@code draws} {@value #DEFAULT_DRAWS}, a whole number in
 *       [1, {@value #MAX_DRAWS}].
 *   <li>{@code linucb}: {@code alpha} {@value #DEFAULT_ALPHA}, finite and at least 0;
 *       {@code lambda} {@value #DEFAULT_LAMBDA}, in [1e-6, 1e6].
 *   <li>{@code linear-thompson}: {@code v} {@value #DEFAULT_V}, finite and at least 0;
 *       {@code lambda}; {@code draws}.
 * </ul>
 * Every type also takes {@code floor} {@value #DEFAULT_FLOOR}, in [0, 1), and
 * {@code burnIn} {@value #DEFAULT_BURN_IN}, a whole number of rewarded observations every
 * candidate needs before the policy leaves uniform exploration (see {@link BurnInPolicy}).
 * The floor applies on top of the burn-in. Both keep the wrapped policy's own
 * {@link Policy#draw}, so Thompson sampling's exact probabilities stay exact under them.
 * Unknown types and parameter names are rejected. Stateless and thread-safe.
 */
public final class Policies {

    /** Default exploration share of {@code epsilon-greedy}. */
    public static final double DEFAULT_EPSILON = 0.1;
    /** Default exploration scale of {@code ucb1}, the original UCB1 at 1. */
    public static final double DEFAULT_C = 1.0;
    /** Default temperature of {@code softmax}, on the normalised reward scale. */
    public static final double DEFAULT_TEMPERATURE = 0.1;
    /** Default number of posterior draws behind a Thompson probability. */
    public static final int DEFAULT_DRAWS = 1000;
    /** Most posterior draws allowed. */
    public static final int MAX_DRAWS = 100_000;
    /** Default width multiplier of {@code linucb}. */
    public static final double DEFAULT_ALPHA = 1.0;
    /** Default ridge of the linear policies. */
    public static final double DEFAULT_LAMBDA = 1.0;
    /**
     * Default posterior scale of {@code linear-thompson}: 0.5 is the largest standard
     * deviation a reward in [0, 1] can have, so {@code N(theta, v^2 A^-1)} is the Bayesian
     * posterior of a Gaussian model at the noise level that bounds every normalised reward.
     */
    public static final double DEFAULT_V = 0.5;
    /** Default floor: no uniform share. */
    public static final double DEFAULT_FLOOR = 0;

    /** Default burn-in: none. */
    public static final int DEFAULT_BURN_IN = 0;
    /** Largest burn-in accepted. */
    public static final int MAX_BURN_IN = 1_000_000;

    private static final Map<String, Set<String>> PARAMETERS = parameters();

    private Policies() {
    }

    /** The policy types, in the order the documentation lists them. */
    public static List<String> types() {
        return List.copyOf(PARAMETERS.keySet());
    }

    /**
     * The policy the settings describe, with {@code floor} applied when it is above 0.
     *
     * @throws IllegalArgumentException for an unknown type, an unknown parameter name or a
     *     value out of range; the message names the parameter, the value and the range
     */
    public static Policy create(PolicySettings settings) {
        check(settings);
        String type = settings.type();
        Policy policy = switch (type) {
            case "uniform" -> new UniformPolicy();
            case "epsilon-greedy" -> new EpsilonGreedyPolicy(
                    settings.param("epsilon", DEFAULT_EPSILON));
            case "ucb1" -> new Ucb1Policy(settings.param("c", DEFAULT_C));
            case "softmax" -> new SoftmaxPolicy(
                    settings.param("temperature", DEFAULT_TEMPERATURE));
            case "thompson", "linear-thompson" -> new ThompsonPolicy(type,
                    (int) settings.param("draws", DEFAULT_DRAWS));
            case "linucb" -> new LinUcbPolicy(settings.param("alpha", DEFAULT_ALPHA));
            default -> throw new IllegalStateException("unreachable: " + type);
        };
        double burnIn = settings.param("burnIn", DEFAULT_BURN_IN);
        if (burnIn > 0) {
            policy = new BurnInPolicy(policy, burnIn);
        }
        double floor = settings.param("floor", DEFAULT_FLOOR);
        return floor > 0 ? new FlooredPolicy(policy, floor) : policy;
    }

    /**
     * Checks type, parameter names and ranges without building anything.
     *
     * @throws IllegalArgumentException as {@link #create} does
     */
    public static void check(PolicySettings settings) {
        String type = settings.type();
        Set<String> allowed = PARAMETERS.get(type);
        if (allowed == null) {
            throw new IllegalArgumentException("policy type must be one of "
                    + PARAMETERS.keySet() + ", was '" + type + "'");
        }
        for (String name : settings.params().keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("policy " + type + " has no parameter '"
                        + name + "'; allowed: " + allowed);
            }
        }
        Range.closed(type, "floor", settings, 0, 1, false);
        Range.closed(type, "epsilon", settings, 0, 1, true);
        Range.atLeast(type, "c", settings, 0);
        Range.above(type, "temperature", settings, 0);
        Range.atLeast(type, "alpha", settings, 0);
        Range.atLeast(type, "v", settings, 0);
        Range.closed(type, "lambda", settings, 1e-6, 1e6, true);
        Range.whole(type, "draws", settings, 1, MAX_DRAWS);
        Range.whole(type, "burnIn", settings, 0, MAX_BURN_IN);
    }

    private static Map<String, Set<String>> parameters() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("uniform", Set.of("floor", "burnIn"));
        m.put("epsilon-greedy", Set.of("epsilon", "floor", "burnIn"));
        m.put("ucb1", Set.of("c", "floor", "burnIn"));
        m.put("thompson", Set.of("draws", "floor", "burnIn"));
        m.put("softmax", Set.of("temperature", "floor", "burnIn"));
        m.put("linucb", Set.of("alpha", "lambda", "floor", "burnIn"));
        m.put("linear-thompson", Set.of("v", "lambda", "draws", "floor", "burnIn"));
        return m;
    }

    /** Range checks of one parameter, when it is configured. */
    private static final class Range {

        private Range() {
        }

        static void closed(String type, String name, PolicySettings s, double min, double max,
                boolean maxIncluded) {
            Double v = s.params().get(name);
            if (v != null && !(v >= min && (maxIncluded ? v <= max : v < max))) {
                fail(type, name, v, "[" + min + ", " + max + (maxIncluded ? "]" : ")"));
            }
        }

        static void atLeast(String type, String name, PolicySettings s, double min) {
            Double v = s.params().get(name);
            if (v != null && !(v >= min && v < Double.POSITIVE_INFINITY)) {
                fail(type, name, v, "[" + min + ", infinity), finite");
            }
        }

        static void above(String type, String name, PolicySettings s, double min) {
            Double v = s.params().get(name);
            if (v != null && !(v > min && v < Double.POSITIVE_INFINITY)) {
                fail(type, name, v, "(" + min + ", infinity), finite");
            }
        }

        static void whole(String type, String name, PolicySettings s, int min, int max) {
            Double v = s.params().get(name);
            if (v != null && !(v >= min && v <= max && v == Math.rint(v))) {
                fail(type, name, v, "whole numbers in [" + min + ", " + max + "]");
            }
        }

        private static void fail(String type, String name, double value, String range) {
            throw new IllegalArgumentException("policy " + type + ": parameter " + name
                    + " must be in " + range + ", was " + value);
        }
    }
}
