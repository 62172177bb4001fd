package dev.bandstand.simulation;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.environment.Round;
import dev.bandstand.store.InMemoryStatsStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The throughput problems of {@code docs/benchmarks-simulation.md} and a loop that plays
 * them, shared by the JMH benchmark and anyone timing the simulation paths by hand.
 */
public final class SimulationBenchmarks {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private SimulationBenchmarks() {
    }

    /**
     * The scenario text of a benchmark problem: {@code thompson-10}, {@code linucb-32x10} or
     * {@code linear-3x18}.
     */
    public static String scenario(String problem) {
        return switch (problem) {
            case "thompson-10" -> """
                    name: thompson-10
                    environment: {type: synthetic, problem: stationary, arms: 10, rounds: 1000000}
                    placement:
                      buckets: [partOfDay]
                      backoffMinObservations: 20
                      reward: {wait: 10m}
                    policies: [{name: thompson, policy: {type: thompson}}]
                    """;
            case "linucb-32x10" -> """
                    name: linucb-32x10
                    environment: {type: synthetic, problem: stationary, arms: 10, rounds: 1000000}
                    placement:
                      reward: {wait: 10m}
                      features: {dimensions: 32, armId: true, context: [partOfDay, dayType]}
                    policies: [{name: linucb, policy: {type: linucb, alpha: 1.0}}]
                    """;
            case "linear-3x18" -> """
                    name: linear-3x18
                    environment: {type: synthetic, problem: part-of-day, rounds: 1000000}
                    placement:
                      reward: {wait: 10m}
                      features: {dimensions: 18, armId: true, context: [partOfDay]}
                    policies: [{name: linucb, policy: {type: linucb, alpha: 1.0}}]
                    """;
            default -> throw new IllegalArgumentException("unknown benchmark problem: "
                    + problem);
        };
    }

    /** Pre-drawn rounds played over and over against one bandit. */
    public static final class Loop {

        private final List<Round> rounds;
        private final Bandit bandit;
        private final Environment env;
        private final SplittableRandom rewards = new SplittableRandom(2);
        private int next;
        private long clock;

        Loop(List<Round> rounds, Bandit bandit, Environment env) {
            this.rounds = rounds;
            this.bandit = bandit;
            this.env = env;
        }

        /**
         * Plays {@code n} rounds (decision, Bernoulli reward, reward sent back).
         *
         * @return the total reward, so that nothing is optimised away
         */
        public double play(int n) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                Round r = rounds.get(next);
                next = (next + 1) % rounds.size();
                // simulated time moves on, so that the engine's reward wait ends and its sweep
                // keeps the store small, while the rounds' contexts repeat
                Instant now = START.plusSeconds(clock++);
                Bandit.Choice c = bandit.decide(r, 1, now);
                double reward = env.reward(r, c.chosen()[0], 0, rewards);
                bandit.reward(c, 0, reward, now);
                total += reward;
            }
            return total;
        }
    }

    /**
     * A loop over {@code pool} rounds of the scenario's environment, with a fresh bandit of
     * its first policy: the engine over an in-memory store, or the direct path.
     */
    public static Loop loop(Scenario scenario, boolean engine, int pool) throws IOException {
        Environment env = Environments.create(scenario.environment(), scenario.parameters(),
                null);
        SplittableRandom contexts = new SplittableRandom(1);
        List<Round> rounds = new ArrayList<>(pool);
        for (int i = 0; i < pool; i++) {
            rounds.add(env.round(i, contexts));
        }
        Scenario.PolicySpec p = scenario.policies().get(0);
        Bandit bandit = engine
                ? new EngineBandit(p.placement(), new SplittableRandom(3),
                        new InMemoryStatsStore(), true, false)
                : new DirectBandit(p.placement(), new SplittableRandom(3));
        return new Loop(rounds, bandit, env);
    }
}
