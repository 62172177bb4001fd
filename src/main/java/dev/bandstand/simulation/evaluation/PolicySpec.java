package dev.bandstand.simulation.evaluation;

import dev.bandstand.config.PolicySettings;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code --policy SPEC} of {@code bandstand evaluate}: a policy type with optional
 * parameters, {@code TYPE[:NAME=VALUE[,NAME=VALUE...]]}, such as {@code uniform},
 * {@code epsilon-greedy:epsilon=0.1} or {@code linucb:alpha=1.5,lambda=1}. Types and
 * parameters are those of {@link PolicySettings}; the policy factory checks them.
 *
 * <p>A SPEC that names an existing file is a placement configuration instead (its policy,
 * buckets and features are used); reading it is the configuration loader's job.
 */
public final class PolicySpec {

    private PolicySpec() {
    }

    /**
     * Parses {@code TYPE[:NAME=VALUE,...]}.
     *
     * @throws IllegalArgumentException naming the bad part when the spec does not parse
     */
    public static PolicySettings parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("policy spec must not be empty");
        }
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String type = (colon < 0 ? trimmed : trimmed.substring(0, colon)).trim()
                .toLowerCase(Locale.ROOT);
        if (!type.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("policy type is not a name: " + type);
        }
        Map<String, Double> params = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : trimmed.substring(colon + 1).split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new IllegalArgumentException(
                            "policy parameter must be NAME=VALUE: " + pair.trim());
                }
                String name = pair.substring(0, eq).trim();
                String value = pair.substring(eq + 1).trim();
                double v;
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "policy parameter " + name + " is not a number: " + value);
                }
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException(
                            "policy parameter " + name + " must be finite: " + value);
                }
                if (params.put(name, v) != null) {
                    throw new IllegalArgumentException("policy parameter given twice: " + name);
                }
            }
        }
        return new PolicySettings(type, params);
    }
}
