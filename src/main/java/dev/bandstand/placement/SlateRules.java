package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import java.util.Objects;
import java.util.Set;

/**
 * What a request asks of its slate beyond the count: arms to leave out (such as tracks played
 * recently) and at most {@code max} arms sharing one value of a feature (such as one track per
 * artist).
 *
 * @param excludedArmIds arm ids that are never chosen; empty for none
 * @param feature the arm feature whose values are limited, or null for no limit
 * @param max most arms per value of {@code feature}, at least 1; ignored without a feature
 */
public record SlateRules(Set<String> excludedArmIds, String feature, int max) {

    /** No exclusions and no limit. */
    public static final SlateRules NONE = new SlateRules(Set.of(), null, Integer.MAX_VALUE);

    /** Checks for nulls and the limit. */
    public SlateRules {
        excludedArmIds = Set.copyOf(excludedArmIds);
        if (feature != null && max < 1) {
            throw new IllegalArgumentException("max must be at least 1: " + max);
        }
    }

    /** The value that counts against the limit for {@code arm}, or null when it has none. */
    Object valueOf(Arm arm) {
        if (feature == null) {
            return null;
        }
        Object v = arm.features().get(feature);
        // a list feature (tags) does not identify one value; only scalars are limited
        return v instanceof java.util.List ? null : v;
    }

    /** True when a limit applies. */
    boolean limited() {
        return feature != null;
    }

    @Override
    public String toString() {
        return "SlateRules[excluded=" + excludedArmIds.size() + ", " + Objects.toString(feature)
                + " <= " + max + "]";
    }
}
