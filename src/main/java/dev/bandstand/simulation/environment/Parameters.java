package dev.bandstand.simulation.environment;

import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The values of one mapping of a scenario file (numbers, strings, lists), such as an
 * environment's parameters, with typed reads that fail naming the full key, such as
 * {@code environment.rounds}. An absent key, or one with an empty value, takes the caller's
 * default. Does not copy the map; safe to share while nobody changes it.
 */
public final class Parameters {

    private final Map<String, ?> values;
    private final String prefix;

    /**
     * Wraps the values of a scenario's {@code environment} block: keys are named
     * {@code environment.<key>}.
     *
     * @param values key to value as read from YAML; not null, may hold nulls
     */
    public Parameters(Map<String, ?> values) {
        this(values, "environment.");
    }

    /**
     * Wraps the values of any mapping of a scenario file.
     *
     * @param values key to value as read from YAML; not null, may hold nulls
     * @param prefix what comes before a key in messages, such as {@code checks[0].}, or empty
     */
    public Parameters(Map<String, ?> values, String prefix) {
        this.values = Objects.requireNonNull(values, "values");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
    }

    /**
     * A whole number in {@code min..max}; YAML floats such as {@code 1.5} or {@code 1e6} are
     * refused, and so are values outside the range of a {@code long}.
     *
     * @throws IllegalArgumentException naming the key, the range and the value
     */
    public long whole(String key, long fallback, long min, long max) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        boolean integral = v instanceof Integer || v instanceof Long || v instanceof Short
                || v instanceof Byte || v instanceof BigInteger;
        if (integral && fitsLong((Number) v)) {
            long n = ((Number) v).longValue();
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new IllegalArgumentException(name(key) + " must be a whole number in " + min
                + ".." + max + ", was " + shown(v));
    }

    /** {@link #whole} for {@code int} ranges. */
    public int integer(String key, int fallback, int min, int max) {
        return (int) whole(key, fallback, min, max);
    }

    /**
     * A finite number in {@code [min, max]} (whole numbers count too).
     *
     * @throws IllegalArgumentException naming the key, the range and the value
     */
    public double number(String key, double fallback, double min, double max) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        return inRange(key, v, min, max);
    }

    /** Any finite number. */
    public double number(String key, double fallback) {
        return number(key, fallback, -Double.MAX_VALUE, Double.MAX_VALUE);
    }

    /** A finite number above zero. */
    public double positive(String key, double fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        double d = finite(v);
        if (!(d > 0)) {
            throw new IllegalArgumentException(name(key) + " must be a finite number > 0, was "
                    + shown(v));
        }
        return d;
    }

    /**
     * A list of finite numbers in {@code [min, max]} with {@code minSize..maxSize} items;
     * empty when absent.
     */
    public double[] numbers(String key, double min, double max, int minSize, int maxSize) {
        Object v = values.get(key);
        if (v == null) {
            return new double[0];
        }
        if (!(v instanceof List<?> list) || list.size() < minSize || list.size() > maxSize) {
            throw new IllegalArgumentException(name(key) + " must be a list of " + minSize
                    + ".." + maxSize + " numbers, was " + shown(v));
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object item = list.get(i);
            out[i] = inRange(key + "[" + i + "]", item == null ? "" : item, min, max);
        }
        return out;
    }

    /**
     * A single value as text; {@code fallback} when absent.
     *
     * @throws IllegalArgumentException when absent and {@code fallback} is null, or for a
     *     list or mapping
     */
    public String text(String key, String fallback) {
        Object v = values.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException(name(key) + " is required");
            }
            return fallback;
        }
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            throw new IllegalArgumentException(name(key) + " must be a single value, was "
                    + shown(v));
        }
        return v.toString();
    }

    /** {@link #text} that must be one of {@code allowed}. */
    public String oneOf(String key, String fallback, List<String> allowed) {
        String v = text(key, fallback);
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException(name(key) + " must be one of "
                    + String.join(", ", allowed) + "; was " + v);
        }
        return v;
    }

    /**
     * A non-empty list of distinct values, each one of {@code allowed}; {@code fallback}
     * when absent.
     */
    public List<String> subset(String key, List<String> fallback, List<String> allowed) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        String wanted = " must be a non-empty list of distinct values among "
                + String.join(", ", allowed) + "; was " + shown(v);
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException(name(key) + wanted);
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object item : list) {
            if (item == null || !allowed.contains(item.toString())
                    || !out.add(item.toString())) {
                throw new IllegalArgumentException(name(key) + wanted);
            }
        }
        return List.copyOf(out);
    }

    private double inRange(String key, Object v, double min, double max) {
        double d = finite(v);
        if (d >= min && d <= max) {
            return d;
        }
        String range = min == -Double.MAX_VALUE && max == Double.MAX_VALUE ? "a finite number"
                : "a number in [" + fmt(min) + ", " + fmt(max) + "]";
        throw new IllegalArgumentException(name(key) + " must be " + range + ", was "
                + shown(v));
    }

    /** The value as a finite double, or NaN when it is not a number or not finite. */
    private static double finite(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : Double.NaN;
        }
        return Double.NaN;
    }

    private static boolean fitsLong(Number n) {
        return !(n instanceof BigInteger b) || b.bitLength() < Long.SIZE;
    }

    private String name(String key) {
        return prefix + key;
    }

    private static String shown(Object v) {
        if (v instanceof List<?> || v instanceof Map<?, ?>) {
            return v.toString();
        }
        return v instanceof String s ? "'" + s + "'" : String.valueOf(v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v)
                : Double.toString(v);
    }
}
