package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.store.InMemoryStatsStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 3-action part-of-day problem (rates 0.7 / 0.3 / 0.1 in the morning, reversed at night;
 * best possible average 0.70), run from the project's own scenario file through the service's
 * engine (in-memory store): the linear policies average at least 0.69 expected reward over the
 * last half of 20,000 rounds, in every one of the seeded replicates.
 */
class PartOfDayTest {

    @Test
    void linearPoliciesReachPointSixNineOverTheLastHalf() throws Exception {
        Scenario file = ScenarioLoader.load(Path.of("simulations", "part-of-day.yaml"));
        Scenario s = new Scenario(file.name(), file.description(), file.environment(),
                file.parameters(), file.seed(), 3, file.policies().stream()
                        .filter(p -> !p.name().startsWith("thompson")
                                && !p.name().equals("epsilon-greedy")).toList(),
                List.of(), null);
        Environment env = Environments.create(s.environment(), s.parameters(), null);

        SimulationResult result = Simulation.run(s, env, (placement, random) ->
                new EngineBandit(placement, random, new InMemoryStatsStore(), true),
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
        assertThat(result.summary("uniform").metric("lastHalfValue")).isLessThan(0.40);
    }
}
