package dev.bandstand.simulation.estimators;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders estimates as a table: estimator, estimate, confidence interval, effective sample
 * size, the share of the target's probability without support in the log ({@code -} when
 * the log does not say), status (and optional extra columns). An unavailable estimate shows
 * {@code -} in the number columns and its status with the reason, never 0 or NaN; a
 * low-support or partial-support one shows its numbers and its status. Stateless.
 */
public final class EstimateTable {

    /** An extra column: header and the cell of each estimate. */
    public record Column(String header, Function<Estimate, String> cell) {
    }

    private EstimateTable() {
    }

    /** A plain-text table with aligned columns, lines separated by {@code \n}. */
    public static String text(List<Estimate> estimates, double confidence, Column... extra) {
        List<String[]> rows = rows(estimates, confidence, extra);
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(String.format(Locale.ROOT, "%-" + width[i] + "s", r[i]));
                if (i < r.length - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** A Markdown table. */
    public static String markdown(List<Estimate> estimates, double confidence,
            Column... extra) {
        List<String[]> rows = rows(estimates, confidence, extra);
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append("| ").append(String.join(" | ", rows.get(r))).append(" |\n");
            if (r == 0) {
                out.append("|").append("---|".repeat(rows.get(0).length)).append('\n');
            }
        }
        return out.toString();
    }

    private static List<String[]> rows(List<Estimate> estimates, double confidence,
            Column... extra) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("estimator", "estimate",
                String.format(Locale.ROOT, "%.0f%% CI", confidence * 100), "ESS",
                "unsupported", "status"));
        for (Column c : extra) {
            header.add(c.header());
        }
        rows.add(header.toArray(new String[0]));
        for (Estimate e : estimates) {
            List<String> r = new ArrayList<>();
            r.add(e.estimator());
            if (e.available()) {
                r.add(number(e.value()));
                r.add("[" + number(e.lower()) + ", " + number(e.upper()) + "]");
            } else {
                r.add("-");
                r.add("-");
            }
            r.add(String.format(Locale.ROOT, "%.1f", e.effectiveSampleSize()));
            r.add(unsupportedCell(e));
            r.add(statusCell(e));
            for (Column c : extra) {
                r.add(c.cell().apply(e));
            }
            rows.add(r.toArray(new String[0]));
        }
        return rows;
    }

    /**
     * The status column: {@code OK}, {@code LOW_SUPPORT (ESS below 30)}, {@code
     * PARTIAL_SUPPORT (18.8% of the target's probability without support)} (with {@code ;
     * ESS below 30} when that holds too) or the reason an estimate is unavailable. The direct
     * method, which needs no support, adds {@code reward model extrapolated to the 18.8%
     * without support} to OK or LOW_SUPPORT.
     */
    public static String statusCell(Estimate e) {
        String lowEss = String.format(Locale.ROOT, "ESS below %.0f", Estimate.MIN_SUPPORT);
        // only an estimator that needs no support (the direct method) is OK above the limit
        String extrapolated = e.unsupportedShare() > Estimate.MAX_UNSUPPORTED
                ? "reward model extrapolated to the " + percent(e.unsupportedShare())
                        + " without support" : "";
        return switch (e.status()) {
            case OK -> extrapolated.isEmpty() ? "OK" : "OK (" + extrapolated + ")";
            case LOW_SUPPORT -> "LOW_SUPPORT (" + lowEss
                    + (extrapolated.isEmpty() ? "" : "; " + extrapolated) + ")";
            case PARTIAL_SUPPORT -> "PARTIAL_SUPPORT (" + percent(e.unsupportedShare())
                    + " of the target's probability without support"
                    + (e.lowEffectiveSampleSize() ? "; " + lowEss : "") + ")";
            default -> e.status() + ": " + e.note();
        };
    }

    /**
     * The unsupported column: the share of the target's probability without support as a
     * percentage with one decimal, such as {@code 18.8%}, or {@code -} when unknown.
     */
    public static String unsupportedCell(Estimate e) {
        return Double.isNaN(e.unsupportedShare()) ? "-" : percent(e.unsupportedShare());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, "%.5f", x);
    }
}
