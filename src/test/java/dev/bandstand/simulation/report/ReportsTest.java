package dev.bandstand.simulation.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.simulation.Simulation;
import dev.bandstand.simulation.SimulationResult;
import dev.bandstand.simulation.TestRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report files a run writes can be read back: CSV, PNG and HTML. */
class ReportsTest {

    @TempDir
    static Path out;
    private static SimulationResult result;
    private static List<Path> files;

    @BeforeAll
    static void write() throws Exception {
        result = TestRuns.partOfDay(2000, new Simulation.Options(2, null, false, "test"));
        files = Reports.write(result, out);
    }

    @Test
    void stepsCsvHasOneRowPerPolicyReplicateAndCheckpoint() throws Exception {
        List<String> lines = Files.readAllLines(out.resolve(Reports.STEPS));

        assertThat(lines.get(0)).isEqualTo(
                "policy,replicate,step,reward,expected,oracle,regret,uniform,best-fixed");
        int checkpoints = result.runs().get(0).steps().length;
        assertThat(lines).hasSize(1 + 2 * 2 * checkpoints);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(cells).hasSize(9);
            for (int c = 2; c < cells.length; c++) {
                assertThat(Double.parseDouble(cells[c])).isFinite();
            }
        }
        assertThat(lines.get(lines.size() - 1)).startsWith("second,1,2000,");
    }

    @Test
    void summaryAndSegmentCsvsHoldPlainNumbers() throws Exception {
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        List<String> segments = Files.readAllLines(out.resolve("segments.csv"));

        assertThat(summary.get(0)).startsWith("policy,reward_mean,reward_halfwidth95,value_mean,")
                .endsWith(",roundsPerSecond");
        for (List<String> file : List.of(summary, segments)) {
            for (String line : file.subList(1, file.size())) {
                String[] cells = line.split(",", -1);
                assertThat(cells).hasSize(file.get(0).split(",").length);
                for (int c = 1; c < cells.length; c++) {
                    if (!cells[c].isEmpty()) {
                        assertThat(Double.parseDouble(cells[c])).as(line).isFinite();
                    }
                }
            }
        }
        assertThat(summary).anyMatch(l -> l.startsWith("(oracle),,,0."));
    }

    @Test
    void chartsArePngImages() throws Exception {
        for (String name : List.of("cumulative-reward.png", "cumulative-regret.png",
                "average-reward.png")) {
            byte[] png = Files.readAllBytes(out.resolve(name));

            assertThat(png.length).isGreaterThan(10_000);
            assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                    .isEqualTo("PNG");
        }
    }

    @Test
    void htmlPageHoldsTheTablesAndEmbeddedCharts() throws Exception {
        String html = Files.readString(out.resolve(Reports.HTML));

        assertThat(html).contains("<table>").contains("<td>first</td>")
                .contains("<td>second</td>").contains("regret vs best-fixed")
                .contains("data:image/png;base64,").contains("All checks hold")
                .doesNotContain("src=\"cumulative").doesNotContain("<figcaption>")
                .doesNotContain("FeatureSettings[").contains("dimensions");
        assertThat(files).contains(out.resolve(Reports.HTML));
    }

    @Test
    void policiesAreDescribedInWordsNotAsJavaRecords() {
        dev.bandstand.simulation.Scenario s = dev.bandstand.simulation.ScenarioLoader.parse("""
                name: words
                environment: {type: synthetic, problem: part-of-day}
                placement:
                  buckets: [partOfDay]
                  features: {dimensions: 18, armId: true, context: [partOfDay]}
                policies:
                  - name: t
                    policy: {type: thompson, draws: 100}
                    halfLife: 20h
                """, "test");

        String text = Html.policyText(s.policies().get(0).placement());

        assertThat(text).isEqualTo("thompson (draws 100); buckets partOfDay; half-life 20h;"
                + " features: 18 dimensions, arm id, context partOfDay");
    }

    @Test
    void averageRewardAxisFollowsTheDataAfterTheFirstTenthOfTheRun() {
        org.jfree.data.xy.YIntervalSeries a = new org.jfree.data.xy.YIntervalSeries("a");
        a.add(10, 0.0, 0.0, 0.0);
        a.add(500, 0.62, 0.6, 0.64);
        a.add(1000, 0.66, 0.65, 0.67);
        org.jfree.data.xy.YIntervalSeries b = new org.jfree.data.xy.YIntervalSeries("b");
        b.add(10, 1.0, 1.0, 1.0);
        b.add(1000, 0.7, 0.7, 0.7);
        org.jfree.data.xy.YIntervalSeriesCollection data =
                new org.jfree.data.xy.YIntervalSeriesCollection();
        data.addSeries(a);
        data.addSeries(b);

        double[] range = Charts.laterRange(data);

        // points at x = 10 lie before 0.1 * 1000 and are left out
        assertThat(range).containsExactly(0.62, 0.7);
    }

    @Test
    void terminalTableListsPoliciesReferencesAndSegments() {
        String table = Reports.table(result);

        assertThat(table).contains("first").contains("(oracle)").contains("(uniform)")
                .contains("morning").contains("night").contains("second - first")
                .contains("all 1 checks hold");
    }
}
