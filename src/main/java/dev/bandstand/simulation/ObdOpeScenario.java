package dev.bandstand.simulation;

import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.environment.Parameters;
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
 * {@code bootstrap} (resamples, 1..100,000, default 1000), {@code draws} (simulated bts
 * rankings, 1..10,000,000, default 100,000), {@code model} and {@code lambda}. The
 * scenario's seed seeds the bootstrap and the replay.
 */
final class ObdOpeScenario {

    /** The environment type of scenario files that run this. */
    static final String TYPE = "obd-ope";

    /** The campaigns of the Open Bandit Dataset. */
    static final List<String> CAMPAIGNS = List.of("all", "men", "women");

    /** Most bootstrap resamples. */
    static final int MAX_BOOTSTRAP = 100_000;

    /** Most simulated rankings of the logged Thompson sampling policy. */
    static final int MAX_DRAWS = 10_000_000;

    private ObdOpeScenario() {
    }

    /**
     * Checks the parameters as far as can be done without the data.
     *
     * @throws IllegalArgumentException naming the key ({@code environment.<key>})
     */
    static void check(Map<String, Object> params) {
        settings(new Parameters(params), 1, 1);
        campaigns(new Parameters(params));
    }

    /** Runs the scenario, prints its tables and writes its report; true when checks hold. */
    static boolean run(Scenario scenario, Path data, Path out, Simulate.Options options,
            PrintWriter stdout, PrintWriter err, boolean terminal) throws IOException {
        Parameters p = new Parameters(scenario.parameters());
        ObdOpe.Settings settings = settings(p, scenario.seed(), options.threads());
        List<String> names = campaigns(p);
        Path root = Environments.dataset(data, scenario.parameters(), "open-bandit-dataset",
                "prior_bts.yaml");
        EstimatorSettings estimators = settings.estimators();

        List<ObdReport.Campaign> campaigns = new ArrayList<>();
        for (String campaign : names) {
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

    /** The checks' metrics: {@code replay:<campaign>} for each campaign of the scenario. */
    static List<String> metrics(Map<String, Object> params) {
        return campaigns(new Parameters(params)).stream().map(c -> "replay:" + c).toList();
    }

    private static List<String> campaigns(Parameters p) {
        return p.subset("campaigns", List.of("men", "women"), CAMPAIGNS);
    }

    private static ObdOpe.Settings settings(Parameters p, long seed, int threads) {
        EstimatorSettings estimators = EstimatorSettings.defaults()
                .withBootstrap(p.integer("bootstrap", 1000, 1, MAX_BOOTSTRAP))
                .withSeed(seed).withThreads(threads);
        ObdOpe.Settings d = ObdOpe.Settings.defaults();
        return new ObdOpe.Settings(estimators, p.integer("draws", d.draws(), 1, MAX_DRAWS),
                d.priorStrength(), d.bucketUserFeatures(),
                p.oneOf("model", ObdOpe.BUCKET, List.of(ObdOpe.BUCKET, ObdOpe.LOGISTIC)),
                p.number("lambda", ObdOpe.DEFAULT_LAMBDA, 0, Double.MAX_VALUE));
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
