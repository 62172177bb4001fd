package dev.bandstand.simulation.report;

import dev.bandstand.simulation.RunResult;
import dev.bandstand.simulation.SimulationResult;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a simulation's report: the table for the terminal, and in the output folder
 * {@code steps.csv} (cumulative metrics per policy, replicate and checkpoint),
 * {@code summary.csv}, {@code segments.csv}, the charts as PNG, and {@code report.html}, one
 * self-contained page with the tables and the charts embedded.
 */
public final class Reports {

    /** Name of the per-step CSV file. */
    public static final String STEPS = "steps.csv";
    /** Name of the HTML report. */
    public static final String HTML = "report.html";

    private Reports() {
    }

    /** The summary table, the per-segment table and the checks, as plain text. */
    public static String table(SimulationResult result) {
        StringBuilder sb = new StringBuilder();
        sb.append(title(result)).append("\n\n");
        sb.append(Tables.text(Tables.summaryHeader(result), Tables.summaryRows(result)));
        sb.append("\nexpected reward per round by segment\n");
        sb.append(Tables.text(Tables.segmentHeader(result), Tables.segmentRows(result)));
        if (!result.scenario().checks().isEmpty()) {
            List<String> failed = result.failedChecks();
            sb.append('\n').append(failed.isEmpty() ? "all " + result.scenario().checks().size()
                    + " checks hold" : "FAILED checks:\n  " + String.join("\n  ", failed))
                    .append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes every report file into {@code out}, creating it when needed.
     *
     * @return the files written
     */
    public static List<Path> write(SimulationResult result, Path out) throws IOException {
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        files.add(writeSteps(result, out.resolve(STEPS)));
        files.add(writeCsv(out.resolve("summary.csv"), CsvTables.summaryHeader(result),
                CsvTables.summaryRows(result)));
        files.add(writeCsv(out.resolve("segments.csv"), CsvTables.segmentHeader(result),
                CsvTables.segmentRows(result)));
        List<Charts.Chart> charts = Charts.all(result);
        for (Charts.Chart c : charts) {
            Path p = out.resolve(c.file());
            Files.write(p, c.png());
            files.add(p);
        }
        Path html = out.resolve(HTML);
        Files.writeString(html, Html.page(result, title(result), charts),
                StandardCharsets.UTF_8);
        files.add(html);
        return files;
    }

    static String title(SimulationResult result) {
        return String.format(Locale.ROOT,
                "Scenario %s: %s, %,d rounds x %d replicates, seed %d, slate %d, via %s",
                result.scenario().name(), result.environment(), result.runs().get(0).rounds(),
                result.scenario().replicates(), result.scenario().seed(), result.slateSize(),
                result.mode());
    }

    private static Path writeSteps(SimulationResult result, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("policy,replicate,step,reward,expected,oracle,regret");
            for (String b : result.baselines()) {
                w.write("," + csv(b));
            }
            w.write('\n');
            for (RunResult r : result.runs()) {
                for (int i = 0; i < r.steps().length; i++) {
                    w.write(csv(r.policy()) + "," + r.replicate() + "," + r.steps()[i] + ","
                            + num(r.reward()[i]) + "," + num(r.value()[i]) + ","
                            + num(r.oracle()[i]) + "," + num(r.oracle()[i] - r.value()[i]));
                    for (String b : result.baselines()) {
                        w.write("," + num(r.baselines().get(b)[i]));
                    }
                    w.write('\n');
                }
            }
        }
        return file;
    }

    private static Path writeCsv(Path file, List<String> header, List<List<String>> rows)
            throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", header.stream().map(Reports::csv).toList()) + "\n");
            for (List<String> row : rows) {
                w.write(String.join(",", row.stream().map(Reports::csv).toList()) + "\n");
            }
        }
        return file;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6f", v);
    }

    /** Quotes a CSV field when it holds a comma, quote or line break. */
    static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
