package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.store.RedisServers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --redis}: each run's engine keeps its statistics in a redis-server started for this
 * test on a free loopback port, through {@code RedisStatsStore}, and learns as in memory.
 */
class SimulateRedisIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    @Test
    void engineOverRedisLearnsThePartOfDayProblem() throws Exception {
        Scenario s = ScenarioLoader.parse("""
                name: redis
                environment: {type: synthetic, problem: part-of-day, rounds: 1500}
                seed: 4
                replicates: 2
                placement:
                  features: {dimensions: 18, armId: true, context: [partOfDay]}
                policies:
                  - name: uniform
                    policy: {type: uniform}
                  - name: linucb
                    policy: {type: linucb, alpha: 1.0}
                """, "test");
        Simulate.Options options = new Simulate.Options(Path.of("unused.yaml"), null, null,
                null, null, 2, REDIS.uri(), null, false);
        Environment env = Environments.create(s.environment(), s.parameters(), null);

        SimulationResult result;
        try (Bandits bandits = Bandits.open(options)) {
            result = Simulation.run(s, env, bandits.factory(),
                    new Simulation.Options(2, null, false, bandits.mode()));
        }

        assertThat(result.mode()).contains("Redis");
        assertThat(result.summary("uniform").metric("value")).isBetween(0.33, 0.40);
        assertThat(result.summary("linucb").metric("lastHalfValue")).isGreaterThan(0.6);
    }
}
