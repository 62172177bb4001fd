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
 * The report's tables as rows of cells, shared by the terminal, CSV and HTML writers so that
 * all three show the same numbers.
 */
public final class Tables {

    private Tables() {
    }

    /** Header of the summary table. */
    static List<String> summaryHeader(SimulationResult result) {
        List<String> h = new ArrayList<>(List.of("policy", "reward/round", "expected/round",
                "regret vs oracle"));
        for (String b : result.baselines()) {
            h.add("regret vs " + b);
        }
        h.addAll(List.of("last-half reward", "rounds/s"));
        return h;
    }

    /**
     * Rows of the summary table: one per policy, then one per reference (the oracle and each
     * baseline) with its expected reward per round. Regrets are cumulative over the run
     * (negative: the policy did better than the reference); {@code ±} is the 95% interval
     * across replicates.
     */
    static List<List<String>> summaryRows(SimulationResult result) {
        List<List<String>> rows = new ArrayList<>();
        List<PolicySummary> all = result.summaries();
        for (PolicySummary s : all) {
            List<String> row = new ArrayList<>();
            row.add(s.policy());
            row.add(withCi(s, "reward", "%.4f"));
            row.add(withCi(s, "value", "%.4f"));
            row.add(withCi(s, "regret", "%.1f"));
            for (String b : result.baselines()) {
                row.add(withCi(s, "regretOver:" + b, "%.1f"));
            }
            row.add(withCi(s, "lastHalfReward", "%.4f"));
            row.add(String.format(Locale.ROOT, "%,.0f", s.metric("roundsPerSecond")));
            rows.add(row);
        }
        PolicySummary any = all.get(0);
        List<String> refs = new ArrayList<>(List.of("oracle"));
        refs.addAll(result.baselines());
        for (String ref : refs) {
            List<String> row = new ArrayList<>();
            row.add("(" + ref + ")");
            row.add("");
            row.add(String.format(Locale.ROOT, "%.4f", any.metric(ref)));
            while (row.size() < summaryHeader(result).size()) {
                row.add("");
            }
            rows.add(row);
        }
        return rows;
    }

    /** Header of the per-segment table. */
    static List<String> segmentHeader(SimulationResult result) {
        List<String> h = new ArrayList<>(List.of("segment", "rounds", "(oracle)"));
        result.baselines().forEach(b -> h.add("(" + b + ")"));
        for (Scenario.PolicySpec p : result.scenario().policies()) {
            h.add(p.name());
        }
        Scenario.Gain g = result.scenario().gain();
        if (g != null) {
            h.add(g.policy() + " - " + g.over());
        }
        return h;
    }

    /**
     * Rows of the per-segment table: expected reward per round in each context segment, for
     * the references and every policy (mean over replicates), and the gain of the scenario's
     * chosen pair with its 95% interval.
     */
    static List<List<String>> segmentRows(SimulationResult result) {
        Map<String, List<RunResult>> byPolicy = result.byPolicy();
        TreeSet<String> names = new TreeSet<>();
        result.runs().forEach(r -> names.addAll(r.segments().keySet()));
        List<List<String>> rows = new ArrayList<>();
        RunResult first = result.runs().get(0);
        int reps = result.scenario().replicates();
        for (String seg : names) {
            RunResult.Segment s0 = first.segments().get(seg);
            List<String> row = new ArrayList<>();
            row.add(seg);
            row.add(s0 == null ? "0" : String.format(Locale.ROOT, "%,d", s0.rounds()));
            row.add(s0 == null ? "" : f4(s0.oracle() / s0.rounds()));
            for (int b = 0; b < result.baselines().size(); b++) {
                row.add(s0 == null ? "" : f4(s0.baselines().get(b) / s0.rounds()));
            }
            for (List<RunResult> runs : byPolicy.values()) {
                row.add(f4(PolicySummary.meanAndHalfWidth(segmentValues(runs, seg))[0]));
            }
            Scenario.Gain g = result.scenario().gain();
            if (g != null) {
                double[] a = segmentValues(byPolicy.get(g.policy()), seg);
                double[] b = segmentValues(byPolicy.get(g.over()), seg);
                double[] d = new double[Math.min(a.length, b.length)];
                for (int i = 0; i < d.length; i++) {
                    d[i] = a[i] - b[i];
                }
                double[] mh = PolicySummary.meanAndHalfWidth(d);
                row.add(reps > 1 ? String.format(Locale.ROOT, "%+.4f ± %.4f", mh[0], mh[1])
                        : String.format(Locale.ROOT, "%+.4f", mh[0]));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Expected reward per round of each run in a segment (NaN when it had no rounds). */
    static double[] segmentValues(List<RunResult> runs, String segment) {
        double[] v = new double[runs.size()];
        for (int i = 0; i < v.length; i++) {
            RunResult.Segment s = runs.get(i).segments().get(segment);
            v[i] = s == null || s.rounds() == 0 ? Double.NaN : s.value() / s.rounds();
        }
        return v;
    }

    /** A plain-text table with aligned columns, for the terminal. */
    static String text(List<String> header, List<List<String>> rows) {
        int[] w = new int[header.size()];
        for (int c = 0; c < w.length; c++) {
            w[c] = header.get(c).length();
            for (List<String> r : rows) {
                w[c] = Math.max(w[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        appendRow(sb, header, w);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < w.length; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(w[c]));
        }
        sb.append(rule).append('\n');
        rows.forEach(r -> appendRow(sb, r, w));
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] w) {
        for (int c = 0; c < w.length; c++) {
            String cell = cells.get(c);
            if (c > 0) {
                sb.append("  ");
            }
            String pad = " ".repeat(w[c] - cell.length());
            sb.append(c == 0 ? cell + pad : pad + cell);
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == ' ') {
            end--;
        }
        sb.setLength(end);
        sb.append('\n');
    }

    private static String withCi(PolicySummary s, String metric, String format) {
        String mean = String.format(Locale.ROOT, format, s.metric(metric));
        double h = s.halfWidth(metric);
        return Double.isNaN(h) ? mean : mean + " ± " + String.format(Locale.ROOT, format, h);
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
