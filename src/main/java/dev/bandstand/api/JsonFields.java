package dev.bandstand.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bandstand.placement.Rejection;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * Strict reading of a JSON request body, naming the JSON path of whatever is wrong.
 *
 * <p>The body must be exactly one JSON object: no trailing content, no duplicate keys, no
 * NaN or Infinity literals, no deeper than {@link JsonTree#MAX_DEPTH} levels. Numbers must be
 * finite and at most {@link #MAX_MAGNITUDE} in magnitude; identifiers 1 to
 * {@link #MAX_ID_LENGTH} characters without {@code |}, control characters or unpaired
 * surrogates. Every method throws a 400 {@link Rejection} naming the field and saying why.
 * Thread-safe.
 */
final class JsonFields {

    /** Largest accepted magnitude of any number in a request. */
    static final double MAX_MAGNITUDE = 1e9;

    /** Longest accepted identifier (event, arm, user, feature name). */
    static final int MAX_ID_LENGTH = 128;

    /** Longest accepted categorical feature value. */
    static final int MAX_TEXT_LENGTH = 256;

    private final JsonTree tree = new JsonTree();

    /** Parses the whole body as one JSON object, as {@link JsonTree} describes. */
    ObjectNode parse(byte[] body) {
        return tree.read(body);
    }

    /** Refuses any field of {@code node} not in {@code known}. */
    static void onlyKnown(ObjectNode node, String path, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw Rejection.badRequest("UNKNOWN_FIELD", join(path, name),
                        "unknown field " + join(path, name));
            }
        }
    }

    /** The named field, or null when absent or JSON null. */
    static JsonNode optional(ObjectNode parent, String name) {
        JsonNode node = parent.get(name);
        return node == null || node.isNull() ? null : node;
    }

    /** The named field; a 400 {@code MISSING_FIELD} when absent or null. */
    static JsonNode required(ObjectNode parent, String path, String name) {
        JsonNode node = optional(parent, name);
        if (node == null) {
            throw Rejection.badRequest("MISSING_FIELD", join(path, name),
                    join(path, name) + " is required");
        }
        return node;
    }

    static ObjectNode object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw wrongType(path, "an object");
        }
        return (ObjectNode) node;
    }

    static String string(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw wrongType(path, "a string");
        }
        return node.textValue();
    }

    /**
     * A free-text value: at most {@link #MAX_TEXT_LENGTH} characters, no control characters,
     * no unpaired surrogates.
     */
    static String text(JsonNode node, String path) {
        String s = string(node, path);
        String problem = s.length() > MAX_TEXT_LENGTH
                ? "must be at most " + MAX_TEXT_LENGTH + " characters, has " + s.length()
                : characterProblem(s);
        if (problem != null) {
            throw Rejection.badRequest("INVALID_VALUE", path, path + " " + problem);
        }
        return s;
    }

    /** An identifier: 1 to {@link #MAX_ID_LENGTH} characters, no {@code |}, no controls. */
    static String id(JsonNode node, String path) {
        return checkId(string(node, path), path);
    }

    /**
     * Checks a name used as an identifier, such as a feature name or a path parameter: a 400
     * {@code INVALID_ID} saying which rule {@code s} breaks.
     */
    static String checkId(String s, String path) {
        String problem;
        if (s.isEmpty()) {
            problem = "must not be empty";
        } else if (s.length() > MAX_ID_LENGTH) {
            problem = "must be at most " + MAX_ID_LENGTH + " characters (UTF-16 code units), has "
                    + s.length();
        } else if (s.indexOf('|') >= 0) {
            problem = "must not contain '|' (at index " + s.indexOf('|') + ")";
        } else {
            problem = characterProblem(s);
        }
        if (problem != null) {
            throw Rejection.badRequest("INVALID_ID", path, path + " " + problem);
        }
        return s;
    }

    /** A finite number of magnitude at most {@link #MAX_MAGNITUDE}. */
    static double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw wrongType(path, "a number");
        }
        double v = node.doubleValue();
        if (!Double.isFinite(v) || Math.abs(v) > MAX_MAGNITUDE) {
            // a literal such as 1e400 was read as an infinity: say what was sent instead
            String was = Double.isFinite(v) ? node.toString()
                    : (v < 0 ? "a negative number" : "a number") + " beyond the range of a double";
            throw Rejection.badRequest("OUT_OF_RANGE", path,
                    path + " must be a finite number of magnitude at most 1e9: " + was);
        }
        return v;
    }

    /** An integer in [{@code min}, {@code max}]. */
    static int integer(JsonNode node, String path, int min, int max) {
        if (!node.isIntegralNumber()) {
            throw wrongType(path, "an integer");
        }
        if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            throw Rejection.badRequest("OUT_OF_RANGE", path,
                    path + " must be in [" + min + ", " + max + "]: " + node);
        }
        return node.intValue();
    }

    static String join(String path, String name) {
        return path == null || path.isEmpty() ? name : path + "." + name;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    private static Rejection wrongType(String path, String what) {
        return Rejection.badRequest("WRONG_TYPE", path, path + " must be " + what);
    }

    /**
     * Why {@code s} may not be used, or null: a control character, or an unpaired surrogate,
     * which JSON escapes can carry and which becomes '?' once encoded, so that two distinct
     * ids would collide.
     */
    private static String characterProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters (" + codePoint(c) + " at index "
                        + i + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate (" + codePoint(c) + " at index " + i
                        + "): a character outside the Basic Multilingual Plane needs both"
                        + " halves of its surrogate pair";
            }
        }
        return null;
    }

    private static String codePoint(char c) {
        return String.format(Locale.ROOT, "U+%04X", (int) c);
    }
}
