package dev.bandstand.simulation.obd;

import dev.bandstand.simulation.estimators.EstimateTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Manual run of the {@code obd-ope} scenario on the real Open Bandit Dataset sample, for
 * docs/obd-ope.md: {@code java -cp <test classpath> dev.bandstand.simulation.obd.ObdOpeManualRun
 * <data root> [logistic] [user feature index...]}. Not a test; the scenario's tests use fixtures.
 */
public final class ObdOpeManualRun {

    private ObdOpeManualRun() {
    }

    /** Runs both campaigns and prints Markdown. */
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        List<Integer> bucket = new ArrayList<>();
        String model = ObdOpe.BUCKET;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals(ObdOpe.LOGISTIC)) {
                model = ObdOpe.LOGISTIC;
            } else {
                bucket.add(Integer.parseInt(args[i]));
            }
        }
        ObdOpe.Settings defaults = ObdOpe.Settings.defaults();
        ObdOpe.Settings settings = new ObdOpe.Settings(defaults.estimators(), defaults.draws(),
                defaults.priorStrength(), bucket, model, ObdOpe.DEFAULT_LAMBDA);
        for (String campaign : List.of("men", "women")) {
            ObdOpe.Result r = ObdOpe.run(root, campaign, settings);
            System.out.printf(Locale.ROOT, "## %s (simulated vs logged bts propensity: mean"
                    + " absolute gap %.5f)%n%n", campaign, r.propensityGap());
            for (ObdOpe.Direction d : List.of(r.btsFromRandom(), r.btsLoggedFromRandom(),
                    r.randomFromBts())) {
                System.out.printf(Locale.ROOT, "### %s click rate from the %s log (on-policy"
                        + " truth %.5f over %d rows)%n%n", d.target(), d.logging(), d.truth(),
                        d.truthRounds());
                System.out.println(EstimateTable.markdown(d.estimates(), 0.95,
                        new EstimateTable.Column("relative error", e -> e.available()
                                ? String.format(Locale.ROOT, "%.3f", d.relativeError(e))
                                : "-")));
            }
        }
    }
}
