package dev.bandstand.simulation;

import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.obd.ObdOpe;
import dev.bandstand.simulation.report.ObdReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code obd-ope} scenario type on the Open Bandit Dataset: (a) the off-policy
 * estimators' standard check, by the estimation core of the {@code evaluate} work
 * ({@link ObdOpe}); (b) replay of the scenario's own policies on the random logs
 * ({@link ObdReplay}), with estimated click rates and intervals next to the two logged
 * policies' on-policy click rates.
 *
 * <p>Parameters: {@code data} (folder under the data root, default
 * {@code open-bandit-dataset}), {@code campaigns} (default men and women),
 * {@code bootstrap} (resamples, default 1000), {@code draws} (simulated bts rankings,
 * default 100,000). The scenario's seed seeds the bootstrap and the replay.
 */
final class ObdOpeScenario {

    /** The environment type of scenario files that run this. */
    static final String TYPE = "obd-ope";

    private ObdOpeScenario() {
    }

    /** Runs the scenario, prints its tables and writes its report; true when checks hold. */
    static boolean run(Scenario scenario, Path data, Path out, Simulate.Options options,
            PrintWriter stdout, PrintWriter err, boolean terminal) throws IOException {
        Map<String, Object> p = scenario.parameters();
        Path root = Environments.dataset(data, p, "open-bandit-dataset", "prior_bts.yaml");
        EstimatorSettings estimators = EstimatorSettings.defaults()
                .withBootstrap(((Number) p.getOrDefault("bootstrap", 1000)).intValue())
                .withSeed(scenario.seed()).withThreads(options.threads());
        ObdOpe.Settings d = ObdOpe.Settings.defaults();
        ObdOpe.Settings settings = new ObdOpe.Settings(estimators,
                ((Number) p.getOrDefault("draws", d.draws())).intValue(), d.priorStrength(),
                d.bucketUserFeatures(), p.getOrDefault("model", ObdOpe.BUCKET).toString(),
                ((Number) p.getOrDefault("lambda", ObdOpe.DEFAULT_LAMBDA)).doubleValue());

        List<ObdReport.Campaign> campaigns = new ArrayList<>();
        for (Object c : (List<?>) p.getOrDefault("campaigns", List.of("men", "women"))) {
            String campaign = c.toString();
            err.println("obd-ope: " + campaign + ": estimators on both logs");
            err.flush();
            ObdOpe.Result ope = ObdOpe.run(root, campaign, settings);
            err.println("obd-ope: " + campaign + ": replay of " + scenario.policies().size()
                    + " policies on the random log");
            err.flush();
            List<ObdReport.Replay> replays = ObdReplay.run(root, campaign, scenario,
                    estimators);
            campaigns.add(new ObdReport.Campaign(campaign, ope, replays));
        }
        ObdReport report = new ObdReport(scenario, campaigns);
        stdout.print(report.table());
        List<Path> files = report.write(out);
        stdout.println();
        stdout.println("report: " + out.resolve("report.html") + " (" + files.size()
                + " files in " + out + ")");
        List<String> failed = report.failedChecks();
        if (!failed.isEmpty()) {
            stdout.println("FAILED checks:\n  " + String.join("\n  ", failed));
        }
        return failed.isEmpty();
    }

    /** The replay estimate of an outcome, for checks and tables. */
    static Estimate replay(List<Estimate> estimates) {
        for (Estimate e : estimates) {
            if (e.estimator().equals("replay")) {
                return e;
            }
        }
        throw new IllegalStateException("no replay estimate among " + estimates);
    }
}
