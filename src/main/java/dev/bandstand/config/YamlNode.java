package dev.bandstand.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of the parsed YAML tree with its full dotted key, and typed reads that fail with a
 * {@link ConfigException} naming that key. An absent key or an empty (null) value counts as
 * absent and takes the caller's default.
 */
final class YamlNode {

    /** Longest duration any key takes: 3650 days, about ten years. */
    static final Duration MAX_DURATION = Duration.ofDays(3650);

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|TiB)");
    private static final Map<String, Long> MILLIS_PER = Map.of("ms", 1L, "s", 1_000L,
            "m", 60_000L, "h", 3_600_000L, "d", 86_400_000L);
    private static final Map<String, Long> BYTES_PER = Map.of("B", 1L, "KiB", 1L << 10,
            "MiB", 1L << 20, "GiB", 1L << 30, "TiB", 1L << 40);

    private final String key;
    private final JsonNode node;

    YamlNode(String key, JsonNode node) {
        this.key = key;
        this.node = node == null ? MissingNode.getInstance() : node;
    }

    /** The full dotted key of this node. */
    String key() {
        return key;
    }

    /** False when the key is absent or its value is empty. */
    boolean present() {
        return !node.isMissingNode() && !node.isNull();
    }

    /** A failure at this node's key. */
    ConfigException fail(String reason) {
        return new ConfigException(key, reason);
    }

    /** The child under {@code name}; absent children are returned too (not present). */
    YamlNode child(String name) {
        return new YamlNode(key.isEmpty() ? name : key + "." + name, node.get(name));
    }

    /**
     * The entries of a mapping in file order; empty when absent.
     *
     * @throws ConfigException if present but not a mapping
     */
    Map<String, YamlNode> entries() {
        Map<String, YamlNode> out = new LinkedHashMap<>();
        if (!present()) {
            return out;
        }
        if (!node.isObject()) {
            throw fail("must be a mapping of keys to values");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            out.put(name, child(name));
        }
        return out;
    }

    /**
     * Checks that this mapping has no key outside {@code known}.
     *
     * @throws ConfigException naming the first unknown key, listing the known ones
     */
    YamlNode allowOnly(Set<String> known) {
        for (String name : entries().keySet()) {
            if (!known.contains(name)) {
                throw child(name).fail("unknown key; expected one of "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
        return this;
    }

    /** The items of a sequence; empty when absent. */
    List<YamlNode> items() {
        List<YamlNode> out = new ArrayList<>();
        if (!present()) {
            return out;
        }
        if (!node.isArray()) {
            throw fail("must be a list");
        }
        for (int i = 0; i < node.size(); i++) {
            out.add(new YamlNode(key + "[" + i + "]", node.get(i)));
        }
        return out;
    }

    /** A scalar as text (numbers and booleans as written), or {@code fallback} when absent. */
    String text(String fallback) {
        if (!present()) {
            return fallback;
        }
        if (!node.isValueNode()) {
            throw fail("must be a single value, not a list or mapping");
        }
        return node.asText();
    }

    /** True for the raw node kinds, used where a value may be of several types. */
    boolean isNumber() {
        return node.isNumber();
    }

    boolean isText() {
        return node.isTextual();
    }

    boolean isList() {
        return node.isArray();
    }

    /** A finite number, or {@code fallback} when absent. */
    double number(double fallback) {
        if (!present()) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw fail("must be a number, was '" + node.asText() + "'");
        }
        double value = node.doubleValue();
        if (!Double.isFinite(value)) {
            throw fail("must be a finite number");
        }
        return value;
    }

    /** A whole number in [{@code min}, {@code max}], or {@code fallback} when absent. */
    long whole(long fallback, long min, long max) {
        if (!present()) {
            return fallback;
        }
        if (!node.isIntegralNumber()) {
            throw fail("must be a whole number in " + min + ".." + max + ", was '"
                    + node.asText() + "'");
        }
        if (!node.canConvertToLong()) {
            throw fail("must be in " + min + ".." + max + ", was " + node.asText());
        }
        return inRange(node.longValue(), min, max);
    }

    /** {@link #whole} for int-sized values. */
    int integer(int fallback, int min, int max) {
        return (int) whole(fallback, min, max);
    }

    /** {@code true} or {@code false}, or {@code fallback} when absent. */
    boolean bool(boolean fallback) {
        if (!present()) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw fail("must be true or false, was '" + node.asText() + "'");
        }
        return node.booleanValue();
    }

    /**
     * A positive duration such as {@code 500ms}, {@code 30s}, {@code 30m}, {@code 2h} or
     * {@code 1d}, at most {@link #MAX_DURATION}, or {@code fallback} when absent.
     */
    Duration duration(Duration fallback) {
        if (!present()) {
            return fallback;
        }
        String text = node.asText().strip();
        Matcher m = DURATION.matcher(text);
        if (!node.isTextual() || !m.matches()) {
            throw fail("must be a duration with a unit, such as 500ms, 30s, 30m, 2h or 1d,"
                    + " was '" + text + "'");
        }
        BigInteger millis = new BigInteger(m.group(1))
                .multiply(BigInteger.valueOf(MILLIS_PER.get(m.group(2))));
        if (millis.signum() == 0) {
            throw fail("must be longer than zero");
        }
        if (millis.compareTo(BigInteger.valueOf(MAX_DURATION.toMillis())) > 0) {
            throw fail("is too large: at most " + MAX_DURATION.toDays() + "d (about ten"
                    + " years), was '" + text + "'");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    /**
     * A byte count given as a number or with a unit ({@code 512KiB}, {@code 1MiB},
     * {@code 1GiB}), in [{@code min}, {@code max}], or {@code fallback} when absent.
     */
    long bytes(long fallback, long min, long max) {
        if (!present() || node.isNumber()) {
            return whole(fallback, min, max);
        }
        String text = node.asText().strip();
        Matcher m = SIZE.matcher(text);
        if (!node.isTextual() || !m.matches()) {
            throw fail("must be a byte count such as 1048576, 512KiB or 1MiB, was '"
                    + node.asText() + "'");
        }
        BigInteger bytes = new BigInteger(m.group(1))
                .multiply(BigInteger.valueOf(BYTES_PER.get(m.group(2))));
        if (bytes.compareTo(BigInteger.valueOf(max)) > 0) {
            throw fail("is too large: at most " + max + " bytes" + inUnits(max) + ", was '"
                    + text + "'");
        }
        return inRange(bytes.longValueExact(), min, max);
    }

    /** " (64MiB)" for a whole number of KiB, MiB or GiB, else "". */
    private static String inUnits(long bytes) {
        for (String unit : List.of("GiB", "MiB", "KiB")) {
            long per = BYTES_PER.get(unit);
            if (bytes >= per && bytes % per == 0) {
                return " (" + bytes / per + unit + ")";
            }
        }
        return "";
    }

    /** A list of non-empty strings; {@code fallback} when absent. */
    List<String> strings(List<String> fallback) {
        if (!present()) {
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : items()) {
            if (!item.node.isValueNode() || !item.present() || item.node.asText().isBlank()) {
                throw item.fail("must be a non-empty string");
            }
            out.add(item.node.asText().strip());
        }
        return out;
    }

    /** True when this value is absent or spells "no value": {@code none}, {@code off}. */
    boolean absentOrNone() {
        if (!present()) {
            return true;
        }
        if (!node.isTextual()) {
            return false;
        }
        String text = node.asText().strip().toLowerCase(Locale.ROOT);
        return text.equals("none") || text.equals("off");
    }

    private long inRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw fail("must be in " + min + ".." + max + ", was " + value);
        }
        return value;
    }
}
