package dev.bandstand.config;

import java.util.Map;
import java.util.Objects;

/**
 * A placement's policy and its numeric parameters, checked at start-up.
 *
 * <p>Types: {@code uniform}, {@code epsilon-greedy} (epsilon), {@code ucb1} (c),
 * {@code thompson} (draws), {@code softmax} (temperature), {@code linucb} (alpha, lambda),
 * {@code linear-thompson} (v, lambda, draws). Every type also takes {@code floor}: a share of
 * traffic spread uniformly over the candidates, so that every arm keeps a known minimum
 * probability.
 *
 * @param type policy type, one of the names above
 * @param params parameter name to value; absent parameters take the policy's defaults
 */
public record PolicySettings(String type, Map<String, Double> params) {

    /** Checks for nulls and copies the parameters. */
    public PolicySettings {
        Objects.requireNonNull(type, "type");
        params = Map.copyOf(params);
    }

    /** The parameter's value, or {@code fallback} when it was not configured. */
    public double param(String name, double fallback) {
        Double v = params.get(name);
        return v == null ? fallback : v;
    }

    /** True for the policies that need a linear model. */
    public boolean linear() {
        return type.equals("linucb") || type.equals("linear-thompson");
    }
}
