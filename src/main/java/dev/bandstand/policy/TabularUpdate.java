package dev.bandstand.policy;

import java.util.List;
import java.util.Objects;

/**
 * Update recipe of a tabular model: the arm and every bucket key it counts in, from the
 * finest (such as {@code morning/phone/running}) to the global bucket {@code ""}.
 *
 * <p>A value: equal when the arm and the keys are. Immutable and safe to share between
 * threads and pending decisions; a tabular model hands out one instance per bucket path and
 * arm, so that the names of its statistics ({@link StatsFields#tabular}) are built once and
 * keep their hash codes, rather than once per decision and reward.
 */
public final class TabularUpdate implements Update {

    private static final String KINDS = "nsqp";

    private final String armId;
    private final List<String> bucketKeys;
    // built at first use: a store's decoded copy may never need them
    private Names names;

    /**
     * Checks for nulls and copies the keys.
     *
     * @param armId the chosen arm
     * @param bucketKeys keys from finest to coarsest, the last one always the empty string
     */
    public TabularUpdate(String armId, List<String> bucketKeys) {
        this.armId = Objects.requireNonNull(armId, "armId");
        this.bucketKeys = List.copyOf(bucketKeys);
    }

    /** The chosen arm. */
    @Override
    public String armId() {
        return armId;
    }

    /** The bucket keys, finest first, the last one the empty string. */
    public List<String> bucketKeys() {
        return bucketKeys;
    }

    /**
     * The name of statistic {@code kind} (one of n, s, q, p) of this arm in bucket
     * {@code bucketKeys().get(level)}, as {@link StatsFields#tabular} names it.
     */
    String field(char kind, int level) {
        Names n = names;
        if (n == null) {
            n = new Names(armId, bucketKeys);
            // racing threads build equal names; the final array makes either copy safe to read
            names = n;
        }
        return n.fields[KINDS.indexOf(kind) * bucketKeys.size() + level];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TabularUpdate t && t.armId.equals(armId)
                && t.bucketKeys.equals(bucketKeys);
    }

    @Override
    public int hashCode() {
        return 31 * armId.hashCode() + bucketKeys.hashCode();
    }

    @Override
    public String toString() {
        return "TabularUpdate[armId=" + armId + ", bucketKeys=" + bucketKeys + "]";
    }

    /** Every field name of one update, kind by kind, each kind level by level. */
    private static final class Names {
        final String[] fields;

        Names(String armId, List<String> keys) {
            int levels = keys.size();
            String[] all = new String[KINDS.length() * levels];
            for (int k = 0; k < KINDS.length(); k++) {
                for (int level = 0; level < levels; level++) {
                    all[k * levels + level] =
                            StatsFields.tabular(KINDS.charAt(k), keys.get(level), armId);
                }
            }
            this.fields = all;
        }
    }
}
