package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs are reproducible from the seed whatever the threads, and every reward arrives. */
class SimulationTest {

    @TempDir
    Path tmp;

    private static SimulationResult run(Scenario s, int threads) throws Exception {
        Environment env = Environments.create(s.environment(), s.parameters(), null);
        return Simulation.run(s, env, RandomTestBandit.factory(),
                new Simulation.Options(threads, null, false, "test"));
    }

    @Test
    void sameSeedGivesTheSameStepsCsvOnOneOrTwoThreads() throws Exception {
        Scenario s = ScenarioFixtures.partOfDay(3000);

        SimulationResult one = run(s, 1);
        SimulationResult two = run(s, 2);
        Reports.write(one, tmp.resolve("one"));
        Reports.write(two, tmp.resolve("two"));

        assertThat(Files.readString(tmp.resolve("two").resolve(Reports.STEPS)))
                .isEqualTo(Files.readString(tmp.resolve("one").resolve(Reports.STEPS)));
    }

    @Test
    void anotherSeedGivesOtherNumbers() throws Exception {
        Scenario s = ScenarioFixtures.partOfDay(3000);

        SimulationResult a = run(s, 2);
        SimulationResult b = run(s.withSeed(43), 2);

        assertThat(b.runs().get(0).reward()).isNotEqualTo(a.runs().get(0).reward());
    }

    @Test
    void policiesOfOneReplicateSeeTheSameContextsAndBaselines() throws Exception {
        SimulationResult r = run(ScenarioFixtures.partOfDay(2000), 2);

        RunResult first = r.byPolicy().get("first").get(0);
        RunResult second = r.byPolicy().get("second").get(0);

        assertThat(second.oracle()).containsExactly(first.oracle());
        assertThat(second.baselines().get("uniform"))
                .containsExactly(first.baselines().get("uniform"));
    }

    @Test
    void lateRewardsAreAllDeliveredByTheEndOfTheRun() throws Exception {
        Scenario s = ScenarioLoader.parse("""
                name: late
                environment: {type: synthetic, problem: stationary, rounds: 5000, maxDelay: 300}
                policies: [{name: only, policy: {type: uniform}}]
                """, "fixture");
        Environment env = Environments.create(s.environment(), s.parameters(), null);
        List<RandomTestBandit> opened = Collections.synchronizedList(new ArrayList<>());

        Simulation.run(s, env, (placement, random) -> {
            RandomTestBandit b = new RandomTestBandit(random);
            opened.add(b);
            return b;
        }, new Simulation.Options(1, null, false, "test"));

        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).rewards()).isEqualTo(5000);
    }

    @Test
    void uniformChoicesEarnTheUniformBaselineWithinSamplingError() throws Exception {
        SimulationResult r = run(ScenarioFixtures.partOfDay(20_000), 2);

        PolicySummary s = r.summary("first");

        // expected reward of a uniform pick is 1.1 / 3; the mean of 20,000 picks of rates
        // 0.1..0.7 has a standard deviation below 0.003, so 0.012 is four of them
        assertThat(s.metric("value")).isBetween(1.1 / 3 - 0.012, 1.1 / 3 + 0.012);
        assertThat(s.metric("oracle")).isCloseTo(0.7, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.failedChecks()).isEmpty();
    }

    // the loader checks metric names before the run with these lists
    @Test
    void aSummaryHasExactlyTheMetricsAScenarioCheckMayName() throws Exception {
        Scenario s = ScenarioFixtures.partOfDay(200);

        SimulationResult r = run(s, 1);

        assertThat(r.summary("first").metricNames()).containsExactlyElementsOf(
                PolicySummary.metricNames(Environments.baselines(s.environment())));
    }
}
