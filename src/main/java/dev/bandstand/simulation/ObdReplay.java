package dev.bandstand.simulation;

import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.report.ObdReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Replay (Li, Chu, Langford and Wang, "Unbiased offline evaluation of contextual-bandit-based
 * news article recommendation algorithms", WSDM 2011) of a scenario's own policies on an
 * Open Bandit Dataset random log, through the {@code evaluate} work's log evaluation and the
 * service's policy and model classes.
 */
final class ObdReplay {

    private ObdReplay() {
    }

    /** Replays every policy of {@code scenario} on the random log of {@code campaign}. */
    static List<ObdReport.Replay> run(Path root, String campaign, Scenario scenario,
            EstimatorSettings settings) throws IOException {
        // TODO(integration): replay through LogEvaluation once the policy factories are on
        // main; until then no policy is replayed
        return List.of();
    }
}
