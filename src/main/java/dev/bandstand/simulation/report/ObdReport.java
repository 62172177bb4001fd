package dev.bandstand.simulation.report;

import dev.bandstand.simulation.Scenario;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.EstimateTable;
import dev.bandstand.simulation.obd.ObdOpe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The report of an {@code obd-ope} scenario: per campaign, the estimators' check in each
 * direction, and the click rates of the two logged policies (on-policy, Wilson 95%
 * interval) beside those of the scenario's policies replayed on the random log.
 */
public final class ObdReport {

    /**
     * One campaign's results.
     *
     * @param campaign campaign name
     * @param ope the estimators' check
     * @param replays each policy's replay, in scenario order
     */
    public record Campaign(String campaign, ObdOpe.Result ope, List<Replay> replays) {
    }

    /**
     * One policy replayed on a random log.
     *
     * @param policy policy name
     * @param learned accepted rounds the policy learned from
     * @param estimates every estimator's estimate
     */
    public record Replay(String policy, int learned, List<Estimate> estimates) {
    }

    private final Scenario scenario;
    private final List<Campaign> campaigns;

    /** A report of {@code campaigns} run for {@code scenario}. */
    public ObdReport(Scenario scenario, List<Campaign> campaigns) {
        this.scenario = scenario;
        this.campaigns = List.copyOf(campaigns);
    }

    /** All tables as plain text. */
    public String table() {
        StringBuilder sb = new StringBuilder("Scenario " + scenario.name() + ": obd-ope, seed "
                + scenario.seed() + "\n");
        for (Campaign c : campaigns) {
            for (ObdOpe.Direction d : directions(c)) {
                sb.append('\n').append(heading(c, d)).append('\n');
                sb.append(Tables.text(directionHeader(), directionRows(d)));
            }
            sb.append('\n').append(c.campaign())
                    .append(": click rates, logged on-policy and replayed on the random log\n");
            sb.append(Tables.text(rateHeader(), rateRows(c)));
        }
        return sb.toString();
    }

    /** The checks that fail; metric {@code replay:<campaign>} is a policy's replay estimate. */
    public List<String> failedChecks() {
        List<String> failed = new ArrayList<>();
        for (Scenario.Check check : scenario.checks()) {
            for (Campaign c : campaigns) {
                if (!check.metric().equals("replay:" + c.campaign())) {
                    continue;
                }
                for (Replay r : c.replays()) {
                    if (r.policy().equals(check.policy())) {
                        Estimate e = estimate(r.estimates(), "replay");
                        if (!e.available()) {
                            failed.add(check.policy() + " " + check.metric() + ": "
                                    + e.status() + " (" + e.note() + ")");
                            continue;
                        }
                        double v = e.value();
                        if (!Double.isNaN(check.min()) && !(v >= check.min())
                                || !Double.isNaN(check.max()) && !(v <= check.max())) {
                            failed.add(check.policy() + " " + check.metric() + " = " + v);
                        }
                    }
                }
            }
        }
        return failed;
    }

    /** Writes {@code estimates.csv}, {@code click-rates.png} and {@code report.html}. */
    public List<Path> write(Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        Path csv = out.resolve("estimates.csv");
        StringBuilder sb = new StringBuilder("campaign,target,logging,truth,estimator,estimate,"
                + "lower,upper,ess,rounds,unsupported_share,status,relative_error\n");
        for (Campaign c : campaigns) {
            for (ObdOpe.Direction d : directions(c)) {
                for (Estimate e : d.estimates()) {
                    sb.append(csvRow(c.campaign(), d.target(), d.logging(), f(d.truth()), e,
                            d.relativeError(e)));
                }
            }
            for (Replay r : c.replays()) {
                for (Estimate e : r.estimates()) {
                    sb.append(csvRow(c.campaign(), r.policy(), "random (replay)", "", e,
                            Double.NaN));
                }
            }
        }
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
        files.add(csv);
        byte[] png = ObdChart.draw(scenario.name(), campaigns);
        Path chart = out.resolve("click-rates.png");
        Files.write(chart, png);
        files.add(chart);
        Path html = out.resolve(Reports.HTML);
        Files.writeString(html, html(png), StandardCharsets.UTF_8);
        files.add(html);
        return files;
    }

    private String html(byte[] png) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><title>" + Html.esc(scenario.name()) + "</title>"
                + "<style>body{font-family:sans-serif;max-width:1000px;margin:2em auto}"
                + "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:"
                + "1px solid #ccc;padding:4px 8px;text-align:right}td:first-child{text-align:"
                + "left}th{background:#f3f3f3}img{max-width:100%}</style></head><body>\n");
        sb.append("<h1>Scenario ").append(Html.esc(scenario.name()))
                .append(": Open Bandit Dataset</h1>\n<p>")
                .append(Html.esc(scenario.description())).append("</p>\n");
        sb.append("<img alt=\"click rates\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
        for (Campaign c : campaigns) {
            sb.append("<h2>").append(Html.esc(c.campaign())).append("</h2>\n");
            sb.append("<h3>Click rates: logged on-policy and replayed</h3>\n");
            htmlTable(sb, rateHeader(), rateRows(c));
            for (ObdOpe.Direction d : directions(c)) {
                sb.append("<h3>").append(Html.esc(heading(c, d))).append("</h3>\n");
                htmlTable(sb, directionHeader(), directionRows(d));
            }
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void htmlTable(StringBuilder sb, List<String> header,
            List<List<String>> rows) {
        sb.append("<table><tr>");
        header.forEach(h -> sb.append("<th>").append(Html.esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            r.forEach(cell -> sb.append("<td>").append(Html.esc(cell)).append("</td>"));
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
    }

    static List<ObdOpe.Direction> directions(Campaign c) {
        return List.of(c.ope().btsFromRandom(), c.ope().btsLoggedFromRandom(),
                c.ope().randomFromBts());
    }

    private static String heading(Campaign c, ObdOpe.Direction d) {
        return String.format(Locale.ROOT, "%s: %s click rate from the %s log (on-policy truth "
                + "%.5f over %,d rows)", c.campaign(), d.target(), d.logging(), d.truth(),
                d.truthRounds());
    }

    private static List<String> directionHeader() {
        return List.of("estimator", "estimate", "95% interval", "ESS", "unsupported",
                "relative error", "status");
    }

    private static List<List<String>> directionRows(ObdOpe.Direction d) {
        List<List<String>> rows = new ArrayList<>();
        for (Estimate e : d.estimates()) {
            rows.add(e.available() ? List.of(e.estimator(), f(e.value()),
                    "[" + f(e.lower()) + ", " + f(e.upper()) + "]",
                    String.format(Locale.ROOT, "%.1f", e.effectiveSampleSize()),
                    EstimateTable.unsupportedCell(e),
                    String.format(Locale.ROOT, "%.3f", d.relativeError(e)),
                    EstimateTable.statusCell(e))
                    : List.of(e.estimator(), "", "", "", EstimateTable.unsupportedCell(e), "",
                            EstimateTable.statusCell(e)));
        }
        return rows;
    }

    private static List<String> rateHeader() {
        return List.of("policy", "source", "click rate", "95% interval", "rounds", "status");
    }

    /** Logged policies first (Wilson intervals), then each replayed policy. */
    static List<List<String>> rateRows(Campaign c) {
        List<List<String>> rows = new ArrayList<>();
        ObdOpe.Direction bts = c.ope().btsFromRandom();
        ObdOpe.Direction random = c.ope().randomFromBts();
        rows.add(logged(random.target(), random.truth(), random.truthRounds()));
        rows.add(logged("bts", bts.truth(), bts.truthRounds()));
        for (Replay r : c.replays()) {
            Estimate e = estimate(r.estimates(), "replay");
            rows.add(List.of(r.policy(), "replay on random log",
                    e.available() ? f(e.value()) : "",
                    e.available() ? "[" + f(e.lower()) + ", " + f(e.upper()) + "]" : "",
                    String.format(Locale.ROOT, "%,d", r.learned()), EstimateTable.statusCell(e)));
        }
        return rows;
    }

    private static List<String> logged(String policy, double rate, int n) {
        double[] w = wilson(rate, n);
        return List.of(policy, "logged (on-policy)", f(rate),
                "[" + f(w[0]) + ", " + f(w[1]) + "]", String.format(Locale.ROOT, "%,d", n), "");
    }

    /**
     * Wilson's 95% score interval for a binomial proportion (Wilson, JASA 22, 1927), which
     * behaves at rates near 0 where the normal approximation does not.
     */
    static double[] wilson(double p, int n) {
        double z = 1.959963984540054;
        double z2n = z * z / n;
        double centre = (p + z2n / 2) / (1 + z2n);
        double half = z / (1 + z2n) * Math.sqrt(p * (1 - p) / n + z2n / (4 * n));
        return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
    }

    /**
     * The estimate of the named estimator, such as {@code replay} or {@code SNIPS}.
     *
     * @throws IllegalStateException when the list has none of that name
     */
    public static Estimate estimate(List<Estimate> estimates, String name) {
        for (Estimate e : estimates) {
            if (e.estimator().equals(name)) {
                return e;
            }
        }
        throw new IllegalStateException("no " + name + " estimate");
    }

    /**
     * One estimates.csv line: plain numbers, empty where an estimate does not exist;
     * {@code unsupported_share} is empty when the log does not say.
     */
    private static String csvRow(String campaign, String target, String logging, String truth,
            Estimate e, double relativeError) {
        boolean ok = e.available();
        return String.join(",", campaign, Reports.csv(target), Reports.csv(logging), truth,
                Reports.csv(e.estimator()), ok ? f(e.value()) : "", ok ? f(e.lower()) : "",
                ok ? f(e.upper()) : "", f(e.effectiveSampleSize()), Integer.toString(e.rounds()),
                f(e.unsupportedShare()), e.status().name(), f(relativeError)) + "\n";
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5f", v);
    }

    static byte[] png(org.jfree.chart.JFreeChart chart) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        org.jfree.chart.ChartUtils.writeChartAsPNG(out, chart, Charts.WIDTH, Charts.HEIGHT);
        return out.toByteArray();
    }
}
