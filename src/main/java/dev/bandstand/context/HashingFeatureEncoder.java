package dev.bandstand.context;

import dev.bandstand.config.FeatureSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes a context and an arm by signed feature hashing (Weinberger, Dasgupta, Langford,
 * Smola and Attenberg, "Feature Hashing for Large Scale Multitask Learning", ICML 2009):
 * every raw feature lands on slot {@code h(name) mod d} with sign {@code ±1} from another
 * bit of the same hash, so collisions cancel in expectation instead of piling up.
 *
 * <p>Raw features, by {@link FeatureSettings}:
 * <ul>
 *   <li>{@code bias} = 1;</li>
 *   <li>each numeric arm feature {@code tempo} = value / scale (scale 1 when not
 *       configured); each string arm feature as the one-hot {@code genre=rock} = 1; each tag of
 *       a list feature as {@code tags=comedy} = 1;</li>
 *   <li>{@code arm=<id>} = 1 when {@link FeatureSettings#armId()} is set;</li>
 *   <li>for each configured context attribute, such as {@code partOfDay}, its value crossed
 *       with every term above: {@code partOfDay=night x genre=rock} = 1,
 *       {@code partOfDay=night x tempo} = tempo / scale; crossed with {@code bias} it is the
 *       context's own effect {@code partOfDay=night}. A context feature holding a number is
 *       crossed by its value (divided by its scale) instead of as a category.</li>
 * </ul>
 * Hashes come from {@link StableHash}, so a vector is the same in every run and on every JVM,
 * and terms are summed in hash order, so equal inputs give bit-identical vectors.
 *
 * <p>{@link #describe} names the raw features met so far on a slot, from bounded tables
 * ({@value #CONTEXT_TERMS} context values and {@value #ARM_TERMS} arm terms); later terms
 * still encode but are not named. Immutable apart from those tables; thread-safe.
 */
public final class HashingFeatureEncoder implements FeatureEncoder {

    /** Most context values (such as {@code device=tv}) that {@link #describe} can name. */
    public static final int CONTEXT_TERMS = 1024;

    /** Most arm terms (such as {@code tags=comedy}) that {@link #describe} can name. */
    public static final int ARM_TERMS = 4096;

    private static final int MAX_DESCRIBED = 20;

    private static final long SALT_BIAS = 0x5a17b1a5L;
    private static final long SALT_NUMBER = 0x3b0c6e41d2f08a97L;
    private static final long SALT_CATEGORY = 0x7f4a7c159e3779b9L;
    private static final long SALT_ARM = 0x1d8e4e27c47d124fL;
    private static final long SALT_CROSS = 0x6a09e667f3bcc909L;
    private static final long BIAS = StableHash.combine(StableHash.of("bias"), 0, SALT_BIAS);
    private static final long ARM = StableHash.of("arm");

    private final int dimensions;
    private final boolean armId;
    private final String[] contextNames;
    private final long[] contextNameHashes;
    private final Map<String, Double> scale;
    private final TermTable contextTerms = new TermTable(CONTEXT_TERMS);
    private final TermTable armTerms = new TermTable(ARM_TERMS);

    /**
     * An encoder for one placement's feature settings.
     *
     * @param settings dimensions at least 1, scales positive and finite
     * @throws IllegalArgumentException if the settings break those bounds
     */
    public HashingFeatureEncoder(FeatureSettings settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.dimensions() < 1) {
            throw new IllegalArgumentException("features.dimensions: must be at least 1, was "
                    + settings.dimensions());
        }
        for (Map.Entry<String, Double> e : settings.scale().entrySet()) {
            double s = e.getValue();
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalArgumentException("features.scale." + e.getKey()
                        + ": must be positive and finite, was " + s);
            }
        }
        this.dimensions = settings.dimensions();
        this.armId = settings.armId();
        this.contextNames = settings.context().toArray(new String[0]);
        this.contextNameHashes = new long[contextNames.length];
        for (int i = 0; i < contextNames.length; i++) {
            contextNameHashes[i] = StableHash.of(contextNames[i]);
        }
        this.scale = settings.scale();
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if a numeric feature is not finite after scaling
     */
    @Override
    public double[] encode(Context context, Arm arm) {
        Terms terms = armTerms(arm);
        double[] x = new double[dimensions];
        for (int i = 0; i < terms.size; i++) {
            add(x, terms.hashes[i], terms.values[i]);
        }

        for (int c = 0; c < contextNames.length; c++) {
            String name = contextNames[c];
            Object feature = context.features().get(name);
            long contextHash;
            double contextValue;
            if (feature instanceof Double) {
                contextHash = StableHash.combine(contextNameHashes[c], 0, SALT_NUMBER);
                contextValue = scaled("context feature " + name, name, (Double) feature);
                record(contextTerms, contextHash, name);
            } else {
                String value = context.attribute(name);
                contextHash = StableHash.combine(contextNameHashes[c], StableHash.of(value),
                        SALT_CATEGORY);
                contextValue = 1.0;
                if (contextTerms.wants(contextHash)) {
                    contextTerms.add(contextHash, name + "=" + value);
                }
            }
            for (int i = 0; i < terms.size; i++) {
                long crossed = StableHash.combine(contextHash, terms.hashes[i], SALT_CROSS);
                add(x, crossed, contextValue * terms.values[i]);
            }
        }

        for (double v : x) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("arm " + arm.id()
                        + ": features too large, the encoded vector overflows");
            }
        }
        return x;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each name carries the sign it is added with ({@code +} or {@code -}); names are sorted,
     * at most {@value #MAX_DESCRIBED} are listed, then how many more there are. A slot no
     * recorded term reaches reads {@code (no feature seen)}.
     *
     * @throws IllegalArgumentException if {@code index} is outside [0, d)
     */
    @Override
    public String describe(int index) {
        if (index < 0 || index >= dimensions) {
            throw new IllegalArgumentException("index: must be in [0, " + dimensions
                    + "), was " + index);
        }
        Map<Long, String> arms = armTerms.names();
        Map<Long, String> contexts = contextTerms.names();
        List<String> hits = new ArrayList<>();
        for (Map.Entry<Long, String> a : arms.entrySet()) {
            collect(hits, index, a.getKey(), a.getValue());
        }
        for (Map.Entry<Long, String> c : contexts.entrySet()) {
            for (Map.Entry<Long, String> a : arms.entrySet()) {
                long crossed = StableHash.combine(c.getKey(), a.getKey(), SALT_CROSS);
                String name = a.getKey() == BIAS
                        ? c.getValue() : c.getValue() + " x " + a.getValue();
                collect(hits, index, crossed, name);
            }
        }
        if (hits.isEmpty()) {
            return "(no feature seen)";
        }
        Collections.sort(hits);
        if (hits.size() <= MAX_DESCRIBED) {
            return String.join(", ", hits);
        }
        return String.join(", ", hits.subList(0, MAX_DESCRIBED))
                + " and " + (hits.size() - MAX_DESCRIBED) + " more";
    }

    private Terms armTerms(Arm arm) {
        Map<String, Object> features = arm.features();
        int count = 1 + (armId ? 1 : 0);
        for (Object value : features.values()) {
            count += value instanceof List ? ((List<?>) value).size() : 1;
        }

        Terms terms = new Terms(count);
        terms.add(BIAS, 1.0);
        record(armTerms, BIAS, "bias");
        if (armId) {
            long h = StableHash.combine(ARM, StableHash.of(arm.id()), SALT_ARM);
            terms.add(h, 1.0);
            if (armTerms.wants(h)) {
                armTerms.add(h, "arm=" + arm.id());
            }
        }
        for (Map.Entry<String, Object> e : features.entrySet()) {
            String name = e.getKey();
            long nameHash = StableHash.of(name);
            Object value = e.getValue();
            if (value instanceof Number) {
                long h = StableHash.combine(nameHash, 0, SALT_NUMBER);
                terms.add(h, scaled("arm " + arm.id() + " feature " + name, name,
                        ((Number) value).doubleValue()));
                record(armTerms, h, name);
            } else if (value instanceof List) {
                for (Object tag : (List<?>) value) {
                    category(terms, name, nameHash, String.valueOf(tag));
                }
            } else {
                category(terms, name, nameHash, String.valueOf(value));
            }
        }
        terms.sortByHash();
        return terms;
    }

    private void category(Terms terms, String name, long nameHash, String value) {
        long h = StableHash.combine(nameHash, StableHash.of(value), SALT_CATEGORY);
        terms.add(h, 1.0);
        if (armTerms.wants(h)) {
            armTerms.add(h, name + "=" + value);
        }
    }

    private double scaled(String what, String name, double value) {
        double v = value / scale.getOrDefault(name, 1.0);
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(what + ": must be finite, was " + value);
        }
        return v;
    }

    private void add(double[] x, long hash, double value) {
        x[slot(hash)] += (hash & 1) == 0 ? value : -value;
    }

    private void collect(List<String> hits, int index, long hash, String name) {
        if (slot(hash) == index) {
            hits.add(((hash & 1) == 0 ? "+" : "-") + name);
        }
    }

    // Lemire's multiply-shift range reduction of the upper 32 bits; the sign uses bit 0.
    private int slot(long hash) {
        return (int) (((hash >>> 32) * dimensions) >>> 32);
    }

    private static void record(TermTable table, long hash, String name) {
        if (table.wants(hash)) {
            table.add(hash, name);
        }
    }

    /** The (hash, value) terms of one arm, sorted by hash so sums do not depend on map order. */
    private static final class Terms {
        final long[] hashes;
        final double[] values;
        int size;

        Terms(int capacity) {
            hashes = new long[capacity];
            values = new double[capacity];
        }

        void add(long hash, double value) {
            hashes[size] = hash;
            values[size] = value;
            size++;
        }

        // Insertion sort: an arm has a handful of terms.
        void sortByHash() {
            for (int i = 1; i < size; i++) {
                long h = hashes[i];
                double v = values[i];
                int j = i - 1;
                while (j >= 0 && hashes[j] > h) {
                    hashes[j + 1] = hashes[j];
                    values[j + 1] = values[j];
                    j--;
                }
                hashes[j + 1] = h;
                values[j + 1] = v;
            }
        }
    }
}
