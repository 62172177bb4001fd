package dev.bandstand.simulation.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Field access on one parsed DSJson line, failing with the line's number. */
final class Line {

    final String source;
    final long number;
    final JsonNode root;

    Line(String source, long number, JsonNode root) {
        this.source = source;
        this.number = number;
        this.root = root;
    }

    LogFormatException bad(String problem) {
        return new LogFormatException(source, number, problem);
    }

    private JsonNode required(JsonNode parent, String field, String name) {
        JsonNode v = parent.get(field);
        if (v == null || v.isNull()) {
            throw bad("missing field " + name);
        }
        return v;
    }

    String text(JsonNode parent, String field) {
        JsonNode v = required(parent, field, field);
        if (!v.isTextual()) {
            throw bad(field + " must be a string: " + v);
        }
        return v.asText();
    }

    JsonNode array(JsonNode parent, String field) {
        return array(parent, field, field);
    }

    /** The non-empty array {@code parent.field}, called {@code name} in messages. */
    JsonNode array(JsonNode parent, String field, String name) {
        JsonNode v = required(parent, field, name);
        if (!v.isArray() || v.isEmpty()) {
            throw bad(name + " must be a non-empty array: " + v);
        }
        return v;
    }

    JsonNode object(JsonNode parent, String field) {
        JsonNode v = required(parent, field, field);
        if (!v.isObject()) {
            throw bad(field + " must be an object");
        }
        return v;
    }

    Instant timestamp() {
        String t = text(root, "Timestamp");
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw bad("Timestamp is not an ISO-8601 UTC instant: " + t);
        }
    }

    double number(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            throw bad("missing field " + field);
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        // Some producers write NaN as a string; name it rather than calling it "not a number".
        if (v.isTextual() && v.asText().equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        throw bad(field + " must be a number: " + v);
    }

    /** Checks that {@code a} is a permutation of 1..n; returns the chosen index (0-based). */
    int actions(JsonNode a, int n) {
        boolean[] seen = new boolean[n];
        for (int k = 0; k < n; k++) {
            JsonNode v = a.get(k);
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw bad("a[" + k + "] must be an integer: " + v);
            }
            int id = v.asInt();
            if (id < 1 || id > n || seen[id - 1]) {
                throw bad("a must hold each action id 1.." + n + " once: " + a);
            }
            seen[id - 1] = true;
        }
        return a.get(0).asInt() - 1;
    }

    /** The reward of the chosen action, or null; checks the label against {@code a}. */
    Double reward(int chosen, double propensity) {
        if (root.path("_skipLearn").asBoolean(false) || !root.has("_label_cost")) {
            return null;
        }
        double cost = number(root.get("_label_cost"), "_label_cost");
        LogChecks.cost(source, number, "_label_cost", cost);
        if (!root.has("_labelIndex")) {
            throw bad("missing field _labelIndex");
        }
        JsonNode index = root.get("_labelIndex");
        if (!index.isIntegralNumber() || index.asInt() != chosen) {
            throw bad("_labelIndex " + index + " disagrees with a[0] - 1 = " + chosen);
        }
        JsonNode action = root.get("_label_Action");
        if (action != null && (!action.isIntegralNumber() || action.asInt() != chosen + 1)) {
            throw bad("_label_Action " + action + " disagrees with a[0] = " + (chosen + 1));
        }
        if (root.has("_label_probability")) {
            double p = LogChecks.propensity(source, number, "_label_probability",
                    number(root.get("_label_probability"), "_label_probability"));
            if (Math.abs(p - propensity) > 1e-6) {
                throw bad("_label_probability " + p + " disagrees with p[0] = " + propensity);
            }
        }
        return -cost;
    }
}
