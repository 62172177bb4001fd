package dev.bandstand.simulation;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The {@code obd-ope} scenario type: off-policy estimation on the Open Bandit Dataset,
 * through the estimation core of the {@code evaluate} work.
 */
final class ObdOpeScenario {

    /** The environment type of scenario files that run this. */
    static final String TYPE = "obd-ope";

    private ObdOpeScenario() {
    }

    /** Runs the scenario; true when every check holds. */
    static boolean run(Scenario scenario, Path data, Path out, Simulate.Options options,
            PrintWriter stdout, PrintWriter err, boolean terminal) throws IOException {
        // TODO(integration): calls the offline estimators' obd-ope core once it is on main
        throw new IllegalStateException("obd-ope needs the off-policy estimators, not in this "
                + "build yet");
    }
}
