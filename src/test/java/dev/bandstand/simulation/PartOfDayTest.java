package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The 3-action part-of-day problem (rates 0.7 / 0.3 / 0.1 in the morning, reversed at night;
 * best possible average 0.70), run from the project's own scenario file through the service's
 * policy and model code: the linear policies average at least 0.69 expected reward over the
 * last half of 20,000 rounds, in every one of the seeded replicates.
 */
class PartOfDayTest {

    @Test
    void linearPoliciesReachPointSixNineOverTheLastHalf() throws Exception {
        Scenario s = ScenarioLoader.load(Path.of("simulations", "part-of-day.yaml"))
                .withReplicates(4);
        Environment env = Environments.create(s.environment(), s.parameters(), null);

        SimulationResult result = Simulation.run(s, env, DirectBandit::new,
                new Simulation.Options(2, null, false, "test"));

        for (String policy : new String[] {"linucb", "linear-thompson"}) {
            for (RunResult run : result.byPolicy().get(policy)) {
                int half = run.halfway();
                int last = run.steps().length - 1;
                double lastHalf = (run.value()[last] - run.value()[half])
                        / (run.steps()[last] - run.steps()[half]);
                assertThat(lastHalf).as(policy + " replicate " + run.replicate())
                        .isGreaterThanOrEqualTo(0.69);
            }
        }
        assertThat(result.summary("thompson-global").metric("lastHalfValue")).isLessThan(0.45);
        assertThat(result.failedChecks()).isEmpty();
    }
}
