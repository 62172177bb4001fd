package dev.bandstand.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/** Formats an experiment report's JSON as a plain-text table for the terminal. */
final class ReportTable {

    private static final String ROW = "%-14s %-20s %6s %-7s %9s %8s  %-24s %-28s %s%n";

    private ReportTable() {
    }

    /** The report as lines of text, each ending in a newline. */
    static String format(JsonNode report) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "experiment %s on placement %s, control %s%n",
                report.path("experiment").asText(), report.path("placement").asText(),
                report.path("control").asText()));
        out.append(String.format(Locale.ROOT, ROW, "variant", "serves", "share", "holdout",
                "exposures", "rewards", "mean [95% CI]", "lift vs control [95% CI]", "p"));
        for (JsonNode v : report.path("variants")) {
            String serves = v.path("serves").asText()
                    + (v.path("armId").isTextual() ? ":" + v.path("armId").asText() : "");
            JsonNode lift = v.path("lift");
            out.append(String.format(Locale.ROOT, ROW, v.path("name").asText(), serves,
                    number(v.path("share")), v.path("holdout").asBoolean() ? "yes" : "no",
                    v.path("exposures").asLong(), v.path("rewards").asLong(),
                    withInterval(v.path("mean"), v.path("meanInterval")),
                    lift.isObject() ? withInterval(lift.path("difference"),
                            lift.path("interval")) : "(control)",
                    lift.isObject() ? number(lift.path("pValue")) : ""));
        }
        JsonNode improvement = report.path("improvementOverEqualAllocation");
        if (improvement.isObject()) {
            out.append(String.format(Locale.ROOT,
                    "improvement over equal allocation (%s - %s): %s, p %s%n",
                    improvement.path("variant").asText(), improvement.path("against").asText(),
                    withInterval(improvement.path("difference"), improvement.path("interval")),
                    number(improvement.path("pValue"))));
        }
        JsonNode baseline = report.path("modes").path("baseline");
        JsonNode best = report.path("modes").path("best");
        out.append(String.format(Locale.ROOT,
                "modes: best %d decisions (mean %s); baseline %d decisions, agreement %s%n",
                best.path("decisions").asLong(), number(best.path("mean")),
                baseline.path("decisions").asLong(), number(baseline.path("agreement"))));
        return out.toString();
    }

    private static String withInterval(JsonNode value, JsonNode interval) {
        if (!value.isNumber()) {
            return "-";
        }
        if (!interval.isArray()) {
            return number(value);
        }
        return number(value) + " [" + number(interval.get(0)) + ", " + number(interval.get(1))
                + "]";
    }

    private static String number(JsonNode node) {
        return node != null && node.isNumber()
                ? String.format(Locale.ROOT, "%.4f", node.asDouble()) : "-";
    }
}
