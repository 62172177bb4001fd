package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.environment.Fixtures;
import dev.bandstand.simulation.environment.MovieLensArtwork;
import dev.bandstand.simulation.environment.Round;
import dev.bandstand.store.InMemoryStatsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The engine path: decisions and rewards through {@code Placements} on simulated time. */
class EngineBanditTest {

    @Test
    void aHalfLifeOfOneDayIsAcceptedBecauseTheSimulatedClockStartsAtTheForgettingEpoch()
            throws Exception {
        // regression: a clock starting at 1970 made the engine refuse any half-life below
        // about 21 days at creation
        Scenario s = ScenarioLoader.parse("""
                name: flip
                environment: {type: synthetic, problem: flip, rounds: 10}
                policies: [{name: t, policy: {type: thompson, draws: 10}, halfLife: 1d}]
                """, "test");
        Environment env = Environments.create(s.environment(), s.parameters(), null);
        Round round = env.round(0, new SplittableRandom(1));

        try (EngineBandit bandit = new EngineBandit(s.policies().get(0).placement(),
                new SplittableRandom(2), new InMemoryStatsStore(), true)) {
            Bandit.Choice c = bandit.decide(round, 1, round.context().timestamp());
            bandit.reward(c, 0, 1.0, round.context().timestamp());

            assertThat(c.chosen()[0]).isBetween(0, 2);
            assertThat(c.probabilities()[0]).isBetween(0.0, 1.0);
            assertThat(c.eventId()).isEqualTo("e1");
        }
    }

    @Test
    void slateChoicesAreDistinctCandidatesWithTheirSlotProbabilities() throws Exception {
        Scenario s = ScenarioLoader.parse("""
                name: slate
                environment: {type: synthetic, problem: stationary, arms: 8, rounds: 10}
                policies: [{name: u, policy: {type: uniform}}]
                """, "test");
        Environment env = Environments.create(s.environment(), s.parameters(), null);
        Round round = env.round(0, new SplittableRandom(1));

        try (EngineBandit bandit = new EngineBandit(s.policies().get(0).placement(),
                new SplittableRandom(2), new InMemoryStatsStore(), true)) {
            Bandit.Choice c = bandit.decide(round, 3, round.context().timestamp());
            for (int k = 0; k < 3; k++) {
                bandit.reward(c, k, 0.5, round.context().timestamp());
            }

            assertThat(c.chosen()).doesNotHaveDuplicates().hasSize(3);
            // uniform over 8, then 7, then 6 candidates left
            assertThat(c.probabilities()).containsExactly(1.0 / 8, 1.0 / 7, 1.0 / 6);
        }
    }

    @Test
    void forgettingWorksOnEventsDecadesBeforeTheDefaultEpoch() throws Exception {
        // the MovieLens fixture's events of 2015: relative to 2026-01-01 a one-day half-life
        // spans about 4,000 half-lives (over the limit of 960); relative to the run's first
        // day, a handful
        Environment env = MovieLensArtwork.load(Fixtures.dataset("movielens"),
                MovieLensArtwork.Settings.defaults());
        Scenario s = ScenarioLoader.parse("""
                name: ml
                environment: {type: synthetic, problem: flip, rounds: 10}
                policies: [{name: t, policy: {type: thompson}, halfLife: 1d}]
                """, "test");
        SplittableRandom random = new SplittableRandom(1);

        for (boolean engine : new boolean[] {true, false}) {
            try (Bandit bandit = engine
                    ? new EngineBandit(s.policies().get(0).placement(), new SplittableRandom(2),
                            new InMemoryStatsStore(), true)
                    : new DirectBandit(s.policies().get(0).placement(), new SplittableRandom(2))) {
                for (int step = 0; step < env.rounds(); step++) {
                    Round round = env.round(step, random);
                    Bandit.Choice c = bandit.decide(round, 1, round.context().timestamp());
                    bandit.reward(c, 0, 1.0, round.context().timestamp());

                    assertThat(round.context().timestamp()).isBefore(Forgetting.DEFAULT_EPOCH
                            .minus(Duration.ofDays(960)));
                    assertThat(c.chosen()[0]).isBetween(0, round.candidates().size() - 1);
                }
            }
        }
    }

    @Test
    void theRunsEpochIsTheStartOfItsFirstUtcDay() {
        assertThat(EngineBandit.epoch(Instant.parse("1997-06-03T17:45:12.5Z")))
                .isEqualTo(Instant.parse("1997-06-03T00:00:00Z"));
    }
}
