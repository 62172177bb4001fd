package dev.bandstand.policy;

/**
 * The additive statistics every store keeps per placement, and how each step of a decision's
 * life changes them. Stores hold a flat map of field name to sum; increments commute, so
 * instances may apply them concurrently in any order.
 *
 * <p>Tabular fields, per bucket key {@code b} and arm {@code a}:
 * {@code n|b|a} weighted count of rewards, {@code s|b|a} weighted reward sum,
 * {@code q|b|a} weighted sum of squared rewards, {@code p|b|a} decisions waiting for a reward.
 *
 * <p>Linear fields: {@code A|i|j} for {@code i <= j}, the upper triangle of the weighted
 * sum of x x' over decided rounds (pending ones included, so that a burst of decisions
 * already narrows the confidence of what was shown); {@code b|i} the weighted sum of r x;
 * {@code n} weighted count of rewards; {@code p} decisions waiting for a reward. The ridge
 * prior {@code lambda I} is not stored: models add it when they read.
 *
 * <p>Group fields, per experiment variant or mode group {@code g} of a {@link TaggedUpdate}
 * (unweighted: experiment reports compare plain means): {@code x|g|e} exposures (decided
 * slots), {@code x|g|n} rewards, {@code x|g|s} reward sum, {@code x|g|q} sum of squared
 * rewards. A tagged update that does not train adds only these.
 *
 * <p>Rewards are normalised to [0, 1]. The weight {@code w} is 1 without forgetting; with a
 * half-life {@code h} it is {@code 2^((t - epoch) / h)} for the decision time {@code t}, so
 * that reading the sums at time {@code now} multiplied by {@code 2^(-(now - epoch) / h)}
 * gives exponentially forgotten statistics while the stored sums stay additive.
 */
public final class StatsFields {

    /** Receives one increment of one field. */
    @FunctionalInterface
    public interface Sink {
        /** Adds {@code delta} to {@code field}. */
        void add(String field, double delta);
    }

    /** Dimensions up to which the names of A and b are made once, not at every use. */
    private static final int NAMED = 64;
    private static final String[][] MATRIX = new String[NAMED][];
    private static final String[] VECTOR = new String[NAMED];

    static {
        for (int i = 0; i < NAMED; i++) {
            MATRIX[i] = new String[NAMED];
            for (int j = i; j < NAMED; j++) {
                MATRIX[i][j] = "A|" + i + "|" + j;
            }
            VECTOR[i] = "b|" + i;
        }
    }

    private StatsFields() {
    }

    /** Field name of a tabular statistic: kind is one of n, s, q, p. */
    public static String tabular(char kind, String bucketKey, String armId) {
        return kind + "|" + bucketKey + "|" + armId;
    }

    /** Field name of entry (i, j) of the upper triangle of A; requires i <= j. */
    public static String matrix(int i, int j) {
        return 0 <= i && i <= j && j < NAMED ? MATRIX[i][j] : "A|" + i + "|" + j;
    }

    /** Field name of entry i of b. */
    public static String vector(int i) {
        return 0 <= i && i < NAMED ? VECTOR[i] : "b|" + i;
    }

    /** Field name of a group counter: kind is one of e, n, s, q. */
    public static String group(String group, char kind) {
        return "x|" + group + "|" + kind;
    }

    /** True for the fields of {@link #group}, which no model reads. */
    public static boolean isGroup(String field) {
        return field.startsWith("x|");
    }

    /** Increments when a decision is recorded as pending. */
    public static void decided(Update update, double weight, Sink sink) {
        if (update instanceof TaggedUpdate g) {
            sink.add(group(g.group(), 'e'), 1);
            if (g.trains()) {
                decided(g.inner(), weight, sink);
            }
        } else if (update instanceof TabularUpdate t) {
            for (int level = 0; level < t.bucketKeys().size(); level++) {
                sink.add(t.field('p', level), 1);
            }
        } else if (update instanceof LinearUpdate l) {
            outer(l.x(), weight, sink);
            sink.add("p", 1);
        }
    }

    /** Increments when a reward (normalised to [0, 1]) is joined with a pending decision. */
    public static void rewarded(Update update, double reward, double weight, Sink sink) {
        if (update instanceof TaggedUpdate g) {
            counted(g.group(), reward, sink);
            if (g.trains()) {
                rewarded(g.inner(), reward, weight, sink);
            }
        } else if (update instanceof TabularUpdate t) {
            for (int level = 0; level < t.bucketKeys().size(); level++) {
                sink.add(t.field('n', level), weight);
                sink.add(t.field('s', level), weight * reward);
                sink.add(t.field('q', level), weight * reward * reward);
                sink.add(t.field('p', level), -1);
            }
        } else if (update instanceof LinearUpdate l) {
            double[] x = l.x();
            for (int i = 0; i < x.length; i++) {
                if (x[i] != 0) {
                    sink.add(vector(i), weight * reward * x[i]);
                }
            }
            sink.add("n", weight);
            sink.add("p", -1);
        }
    }

    /**
     * Increments when a reward is joined with a decision whose arm was retired since: the
     * group counters count it as {@link #rewarded} does, but the model does not learn it; the
     * training part leaves as {@link #dropped}.
     */
    public static void rewardedRetired(Update update, double reward, double weight, Sink sink) {
        if (update instanceof TaggedUpdate g) {
            counted(g.group(), reward, sink);
        }
        dropped(update, weight, sink);
    }

    /**
     * Increments when a reward accepted before the end of the wait, but joined after the
     * sweep gave its slot the default reward {@code defaultReward}, replaces that default:
     * {@link #rewarded} with the reward less {@link #rewarded} with the default, so the
     * counts stay and the sums and squares are exchanged.
     */
    public static void redefaulted(Update update, double reward, double defaultReward,
            double weight, Sink sink) {
        if (update instanceof TaggedUpdate g) {
            recounted(g.group(), reward, defaultReward, sink);
            if (g.trains()) {
                redefaulted(g.inner(), reward, defaultReward, weight, sink);
            }
        } else if (update instanceof TabularUpdate t) {
            for (int level = 0; level < t.bucketKeys().size(); level++) {
                sink.add(t.field('s', level), weight * (reward - defaultReward));
                sink.add(t.field('q', level),
                        weight * (reward * reward - defaultReward * defaultReward));
            }
        } else if (update instanceof LinearUpdate l) {
            double[] x = l.x();
            for (int i = 0; i < x.length; i++) {
                if (x[i] != 0) {
                    sink.add(vector(i), weight * (reward - defaultReward) * x[i]);
                }
            }
        }
    }

    /**
     * As {@link #redefaulted}, for a slot whose arm was retired after the sweep gave it the
     * default: only the group counters change; the model keeps the default it learned.
     */
    public static void redefaultedRetired(Update update, double reward, double defaultReward,
            Sink sink) {
        if (update instanceof TaggedUpdate g) {
            recounted(g.group(), reward, defaultReward, sink);
        }
    }

    /**
     * Takes back {@link #dropped}, for a slot dropped at expiry that a reward accepted before
     * the end of the wait reaches afterwards: it counts as pending again (for linear models
     * its x x' goes back into A), ready for {@link #rewarded}. A group counted no drop, so its
     * exposures stay as they are.
     */
    public static void undropped(Update update, double weight, Sink sink) {
        if (update instanceof TaggedUpdate g) {
            if (g.trains()) {
                decided(g.inner(), weight, sink);
            }
        } else {
            decided(update, weight, sink);
        }
    }

    /** The group counters' change when {@code reward} replaces {@code defaultReward}. */
    private static void recounted(String group, double reward, double defaultReward,
            Sink sink) {
        sink.add(group(group, 's'), reward - defaultReward);
        sink.add(group(group, 'q'), reward * reward - defaultReward * defaultReward);
    }

    /** The unweighted group counters of one reward. */
    private static void counted(String group, double reward, Sink sink) {
        sink.add(group(group, 'n'), 1);
        sink.add(group(group, 's'), reward);
        sink.add(group(group, 'q'), reward * reward);
    }

    /**
     * Increments when a pending decision leaves without a reward (expired with no default
     * reward configured, or its arm retired): it stops counting as pending and, for linear
     * models, its x x' is taken back out of A.
     */
    public static void dropped(Update update, double weight, Sink sink) {
        if (update instanceof TaggedUpdate g) {
            if (g.trains()) {
                dropped(g.inner(), weight, sink);
            }
        } else if (update instanceof TabularUpdate t) {
            for (int level = 0; level < t.bucketKeys().size(); level++) {
                sink.add(t.field('p', level), -1);
            }
        } else if (update instanceof LinearUpdate l) {
            outer(l.x(), -weight, sink);
            sink.add("p", -1);
        }
    }

    private static void outer(double[] x, double weight, Sink sink) {
        for (int i = 0; i < x.length; i++) {
            if (x[i] == 0) {
                continue;
            }
            for (int j = i; j < x.length; j++) {
                if (x[j] != 0) {
                    sink.add(matrix(i, j), weight * x[i] * x[j]);
                }
            }
        }
    }
}
