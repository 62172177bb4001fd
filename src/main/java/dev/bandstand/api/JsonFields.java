package dev.bandstand.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bandstand.placement.Rejection;
import java.io.IOException;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict reading of a JSON request body, naming the JSON path of whatever is wrong.
 *
 * <p>The body must be exactly one JSON object: no trailing content, no duplicate keys, no
 * NaN or Infinity literals. Numbers must be finite and at most {@link #MAX_MAGNITUDE} in
 * magnitude; identifiers 1 to {@link #MAX_ID_LENGTH} characters without {@code |} or control
 * characters. Every method throws a 400 {@link Rejection} naming the field. Thread-safe.
 */
final class JsonFields {

    /** Largest accepted magnitude of any number in a request. */
    static final double MAX_MAGNITUDE = 1e9;

    /** Longest accepted identifier (event, arm, user, feature name). */
    static final int MAX_ID_LENGTH = 128;

    /** Longest accepted categorical feature value. */
    static final int MAX_TEXT_LENGTH = 256;

    private final JsonMapper mapper = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Parses the whole body as one JSON object. */
    ObjectNode parse(byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            // the parser's own words name its settings; say only what and where
            throw Rejection.badRequest("INVALID_JSON", null, "body is not one valid JSON object"
                    + where(e));
        } catch (IOException e) {
            throw Rejection.badRequest("INVALID_JSON", null, "body could not be read");
        }
        if (root == null || root.isMissingNode()) {
            throw Rejection.badRequest("INVALID_JSON", null, "body is empty");
        }
        if (!root.isObject()) {
            throw Rejection.badRequest("WRONG_TYPE", null, "body must be a JSON object");
        }
        return (ObjectNode) root;
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (error at line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ")";
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

    /** A free-text value: at most {@link #MAX_TEXT_LENGTH} characters, no control characters. */
    static String text(JsonNode node, String path) {
        String s = string(node, path);
        if (s.length() > MAX_TEXT_LENGTH || hasControl(s)) {
            throw Rejection.badRequest("INVALID_VALUE", path, path + " must be at most "
                    + MAX_TEXT_LENGTH + " characters without control characters");
        }
        return s;
    }

    /** An identifier: 1 to {@link #MAX_ID_LENGTH} characters, no {@code |}, no controls. */
    static String id(JsonNode node, String path) {
        return checkId(string(node, path), path);
    }

    /** Checks a name used as an identifier, such as a feature name or a path parameter. */
    static String checkId(String s, String path) {
        if (s.isEmpty() || s.length() > MAX_ID_LENGTH || s.indexOf('|') >= 0 || hasControl(s)) {
            throw Rejection.badRequest("INVALID_ID", path, path + " must be 1 to "
                    + MAX_ID_LENGTH + " characters without '|' or control characters");
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
            throw Rejection.badRequest("OUT_OF_RANGE", path,
                    path + " must be a finite number of magnitude at most 1e9: " + node);
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
     * True for a control character or a lone surrogate: JSON escapes can carry an unpaired
     * surrogate that becomes '?' once encoded, so two distinct ids would collide.
     */
    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
