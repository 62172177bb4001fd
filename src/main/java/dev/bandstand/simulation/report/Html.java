package dev.bandstand.simulation.report;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.simulation.Scenario;
import dev.bandstand.simulation.SimulationResult;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeMap;

/** The self-contained HTML page of a report: no outside files, images inline as base64. */
final class Html {

    private Html() {
    }

    static String page(SimulationResult result, String title, List<Charts.Chart> charts) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>").append(esc(title)).append("</title>\n<style>")
                .append("body{font-family:sans-serif;max-width:1000px;margin:2em auto;")
                .append("color:#222;line-height:1.45}table{border-collapse:collapse;")
                .append("margin:1em 0;font-size:14px}td,th{border:1px solid #ccc;")
                .append("padding:4px 8px;text-align:right}td:first-child,th:first-child")
                .append("{text-align:left}th{background:#f3f3f3}.fail{color:#b00}")
                .append(".ok{color:#070}img{max-width:100%}</style></head><body>\n");
        sb.append("<h1>").append(esc(title)).append("</h1>\n");
        Scenario s = result.scenario();
        if (!s.description().isBlank()) {
            sb.append("<p>").append(esc(s.description())).append("</p>\n");
        }
        if (!result.notes().isBlank()) {
            sb.append("<p><b>Truth.</b> ").append(esc(result.notes())).append("</p>\n");
        }
        sb.append("<h2>Summary</h2>\n<p>Reward per round is realised; expected per round is ")
                .append("the true expected reward of the choices made. Regrets are cumulative ")
                .append("over the run: the reference's expected reward minus the policy's ")
                .append("(negative means the policy did better). &plusmn; is the 95% interval ")
                .append("across replicates.</p>\n");
        table(sb, Tables.summaryHeader(result), Tables.summaryRows(result));
        checks(sb, result);
        sb.append("<h2>Charts</h2>\n");
        for (Charts.Chart c : charts) {
            sb.append("<figure><img alt=\"").append(esc(c.title()))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(c.png()))
                    .append("\"></figure>\n");
        }
        sb.append("<h2>By context segment</h2>\n<p>Expected reward per round in each ")
                .append("segment, mean over replicates.</p>\n");
        table(sb, Tables.segmentHeader(result), Tables.segmentRows(result));
        sb.append("<h2>Policies</h2>\n<ul>\n");
        for (Scenario.PolicySpec p : s.policies()) {
            sb.append("<li><b>").append(esc(p.name())).append("</b>: ")
                    .append(esc(policyText(p.placement()))).append("</li>\n");
        }
        sb.append("</ul>\n<p>Files beside this page: steps.csv (cumulative metrics per ")
                .append("policy, replicate and checkpoint), summary.csv, segments.csv.</p>\n")
                .append("</body></html>\n");
        return sb.toString();
    }

    /**
     * A placement in words: {@code linucb (alpha 0.5); buckets partOfDay; no forgetting;
     * features: 32 dimensions, arm id, context partOfDay}.
     */
    static String policyText(PlacementSettings p) {
        StringBuilder sb = new StringBuilder(p.policy().type());
        if (!p.policy().params().isEmpty()) {
            StringJoiner params = new StringJoiner(", ", " (", ")");
            new TreeMap<>(p.policy().params()).forEach((k, v) -> params.add(k + " "
                    + (v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString(v.longValue())
                    : v.toString())));
            sb.append(params);
        }
        sb.append("; buckets ").append(p.buckets().isEmpty() ? "none"
                : String.join(", ", p.buckets()));
        sb.append("; ").append(p.halfLife() == null ? "no forgetting"
                : "half-life " + p.halfLife().toString().substring(2).toLowerCase(Locale.ROOT));
        FeatureSettings f = p.features();
        sb.append("; features: ").append(f.dimensions()).append(" dimensions")
                .append(f.armId() ? ", arm id" : "")
                .append(f.context().isEmpty() ? ", no context"
                        : ", context " + String.join(", ", f.context()));
        if (!f.scale().isEmpty()) {
            sb.append(", scale ").append(new TreeMap<>(f.scale()));
        }
        return sb.toString();
    }

    private static void checks(StringBuilder sb, SimulationResult result) {
        if (result.scenario().checks().isEmpty()) {
            return;
        }
        List<String> failed = result.failedChecks();
        sb.append("<h3>Checks</h3>\n<ul>\n");
        for (Scenario.Check c : result.scenario().checks()) {
            String bounds = (Double.isNaN(c.min()) ? "" : " >= " + c.min())
                    + (Double.isNaN(c.max()) ? "" : " <= " + c.max());
            sb.append("<li>").append(esc(c.policy() + " " + c.metric() + bounds))
                    .append("</li>\n");
        }
        sb.append("</ul>\n<p class=\"").append(failed.isEmpty() ? "ok\">All checks hold."
                : "fail\">Failed: " + esc(String.join("; ", failed))).append("</p>\n");
    }

    private static void table(StringBuilder sb, List<String> header, List<List<String>> rows) {
        sb.append("<table><thead><tr>");
        header.forEach(h -> sb.append("<th>").append(esc(h)).append("</th>"));
        sb.append("</tr></thead><tbody>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            r.forEach(c -> sb.append("<td>").append(esc(c)).append("</td>"));
            sb.append("</tr>\n");
        }
        sb.append("</tbody></table>\n");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
