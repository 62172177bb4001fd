package dev.bandstand.simulation;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;

/** Runs of the fixture scenarios with the random stand-in bandit, for tests elsewhere. */
public final class TestRuns {

    private TestRuns() {
    }

    /** The part-of-day fixture scenario with two stand-in policies and two replicates. */
    public static SimulationResult partOfDay(int rounds, Simulation.Options options)
            throws Exception {
        Scenario s = ScenarioFixtures.partOfDay(rounds);
        Environment env = Environments.create(s.environment(), s.parameters(), null);
        return Simulation.run(s, env, RandomTestBandit.factory(), options);
    }
}
