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
                .doesNotContain("src=\"cumulative");
        assertThat(files).contains(out.resolve(Reports.HTML));
    }

    @Test
    void terminalTableListsPoliciesReferencesAndSegments() {
        String table = Reports.table(result);

        assertThat(table).contains("first").contains("(oracle)").contains("(uniform)")
                .contains("morning").contains("night").contains("second - first")
                .contains("all 1 checks hold");
    }
}
