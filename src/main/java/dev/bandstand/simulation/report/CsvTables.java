package dev.bandstand.simulation.report;

import dev.bandstand.simulation.PolicySummary;
import dev.bandstand.simulation.RunResult;
import dev.bandstand.simulation.Scenario;
import dev.bandstand.simulation.SimulationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The summary and per-segment tables for CSV files: plain numbers only (a column for the mean
 * and one for the 95% half-width across replicates, no thousands separators, empty for a
 * number that does not exist), the same numbers as {@link Tables} shows. Stateless.
 */
final class CsvTables {

    private CsvTables() {
    }

    /** Header of {@code summary.csv}. */
    static List<String> summaryHeader(SimulationResult result) {
        List<String> h = new ArrayList<>(List.of("policy"));
        for (String m : summaryMetrics(result)) {
            h.add(m + "_mean");
            h.add(m + "_halfwidth95");
        }
        h.add("roundsPerSecond");
        return h;
    }

    /**
     * Rows of {@code summary.csv}: one per policy, then one per reference ({@code (oracle)}
     * and each baseline) with only its expected reward per round in {@code value_mean}.
     */
    static List<List<String>> summaryRows(SimulationResult result) {
        List<List<String>> rows = new ArrayList<>();
        List<String> metrics = summaryMetrics(result);
        List<PolicySummary> all = result.summaries();
        for (PolicySummary s : all) {
            List<String> row = new ArrayList<>(List.of(s.policy()));
            for (String m : metrics) {
                row.add(num(s.metric(m)));
                row.add(num(s.halfWidth(m)));
            }
            row.add(num(s.metric("roundsPerSecond")));
            rows.add(row);
        }
        List<String> refs = new ArrayList<>(List.of("oracle"));
        refs.addAll(result.baselines());
        int valueColumn = 1 + 2 * metrics.indexOf("value");
        for (String ref : refs) {
            List<String> row = new ArrayList<>(List.of("(" + ref + ")"));
            while (row.size() < summaryHeader(result).size()) {
                row.add("");
            }
            row.set(valueColumn, num(all.get(0).metric(ref)));
            rows.add(row);
        }
        return rows;
    }

    /** Header of {@code segments.csv}. */
    static List<String> segmentHeader(SimulationResult result) {
        List<String> h = new ArrayList<>(List.of("segment", "rounds", "(oracle)"));
        result.baselines().forEach(b -> h.add("(" + b + ")"));
        result.scenario().policies().forEach(p -> h.add(p.name()));
        Scenario.Gain g = result.scenario().gain();
        if (g != null) {
            h.add(g.policy() + " - " + g.over() + "_mean");
            h.add(g.policy() + " - " + g.over() + "_halfwidth95");
        }
        return h;
    }

    /** Rows of {@code segments.csv}: expected reward per round per segment, as numbers. */
    static List<List<String>> segmentRows(SimulationResult result) {
        Map<String, List<RunResult>> byPolicy = result.byPolicy();
        TreeSet<String> names = new TreeSet<>();
        result.runs().forEach(r -> names.addAll(r.segments().keySet()));
        RunResult first = result.runs().get(0);
        List<List<String>> rows = new ArrayList<>();
        for (String seg : names) {
            RunResult.Segment s0 = first.segments().get(seg);
            List<String> row = new ArrayList<>(List.of(seg));
            row.add(s0 == null ? "0" : Long.toString(s0.rounds()));
            row.add(s0 == null ? "" : num(s0.oracle() / s0.rounds()));
            for (int b = 0; b < result.baselines().size(); b++) {
                row.add(s0 == null ? "" : num(s0.baselines().get(b) / s0.rounds()));
            }
            for (List<RunResult> runs : byPolicy.values()) {
                row.add(num(PolicySummary.meanAndHalfWidth(
                        Tables.segmentValues(runs, seg))[0]));
            }
            Scenario.Gain g = result.scenario().gain();
            if (g != null) {
                double[] a = Tables.segmentValues(byPolicy.get(g.policy()), seg);
                double[] b = Tables.segmentValues(byPolicy.get(g.over()), seg);
                double[] d = new double[Math.min(a.length, b.length)];
                for (int i = 0; i < d.length; i++) {
                    d[i] = a[i] - b[i];
                }
                double[] mh = PolicySummary.meanAndHalfWidth(d);
                row.add(num(mh[0]));
                row.add(num(mh[1]));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> summaryMetrics(SimulationResult result) {
        List<String> m = new ArrayList<>(List.of("reward", "value", "regret"));
        result.baselines().forEach(b -> m.add("regretOver:" + b));
        m.add("lastHalfReward");
        return m;
    }

    /** A plain number with up to 6 decimals; empty for NaN. */
    static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
    }
}
