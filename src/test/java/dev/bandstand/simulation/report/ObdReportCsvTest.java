package dev.bandstand.simulation.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.ConfigLoader;
import dev.bandstand.simulation.Scenario;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.Estimator;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.estimators.OffPolicyEvaluator;
import dev.bandstand.simulation.estimators.Round;
import dev.bandstand.simulation.obd.ObdOpe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** estimates.csv of an obd-ope report holds plain numbers, ESS, status and relative error. */
class ObdReportCsvTest {

    @TempDir
    Path out;

    @Test
    void estimatesCsvHasPlainNumbersAndStatusAndEmptyCellsForMissingEstimates()
            throws Exception {
        // given: 100 uniform rounds over 2 actions, reward 1 for action 0; the target always
        // picks action 0 (IPS = 50 * 2 * 1 / 100 = 1, ESS 50, the log supports all of it);
        // another target never picks a logged action, on rounds that do not say what the
        // logging policy could have chosen
        List<Round> rounds = new ArrayList<>();
        List<Round> unsupported = new ArrayList<>();
        for (int t = 0; t < 100; t++) {
            rounds.add(Round.withLogging(t % 2, new double[] {0.5, 0.5}, t % 2 == 0 ? 1 : 0,
                    new double[] {1, 0}, null));
            unsupported.add(Round.of(t % 2, 0.5, 1, 0));
        }
        OffPolicyEvaluator evaluator = new OffPolicyEvaluator(
                EstimatorSettings.defaults().withBootstrap(50));
        Estimate ips = evaluator.evaluate(rounds, Estimator.IPS);
        Estimate none = evaluator.evaluate(unsupported, Estimator.REPLAY);
        ObdOpe.Direction d = new ObdOpe.Direction("random", "bts", 0.8, 22_979, List.of(ips));
        ObdOpe.Result ope = new ObdOpe.Result("men", d, d, d, 0);
        Scenario scenario = new Scenario("obd", "", "obd-ope", Map.of(), 1, 1,
                List.of(new Scenario.PolicySpec("uniform",
                        ConfigLoader.loadPackaged().placements().get(0))),
                List.of(new Scenario.Check("uniform", "replay:men", 0.1, Double.NaN)), null);
        ObdReport report = new ObdReport(scenario, List.of(new ObdReport.Campaign("men", ope,
                List.of(new ObdReport.Replay("uniform", 0, List.of(none))))));

        // when
        report.write(out);
        List<String> lines = Files.readAllLines(out.resolve("estimates.csv"));

        // then: |1 - 0.8| / 0.8 = 0.25
        assertThat(lines.get(0)).isEqualTo("campaign,target,logging,truth,estimator,estimate,"
                + "lower,upper,ess,rounds,unsupported_share,status,relative_error");
        assertThat(lines.get(1)).startsWith("men,bts,random,0.80000,IPS,1.00000,")
                .endsWith(",50.00000,100,0.00000,OK,0.25000");
        assertThat(lines.get(lines.size() - 1))
                .startsWith("men,uniform,random (replay),,replay,,,,0.00000,")
                .endsWith(",100,,NO_SUPPORT,");
        for (String line : lines) {
            assertThat(line).doesNotContain("±").doesNotContain("\"");
        }
        assertThat(report.failedChecks()).singleElement().asString()
                .startsWith("uniform replay:men: NO_SUPPORT");
    }
}
