package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.api.Server;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import io.vertx.core.Vertx;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --through-http}: the simulation's traffic goes to a Bandstand server started here on
 * a free loopback port, as decision and reward requests, and the server's policies learn
 * from it.
 */
class SimulateHttpIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private Vertx vertx;
    private Server server;
    private Scenario scenario;

    @BeforeEach
    void start() throws Exception {
        scenario = ScenarioLoader.parse("""
                name: http
                environment: {type: synthetic, problem: part-of-day, rounds: 1500}
                seed: 3
                placement:
                  features: {dimensions: 18, armId: true, context: [partOfDay]}
                policies:
                  - name: uniform
                    policy: {type: uniform}
                  - name: linucb
                    policy: {type: linucb, alpha: 1.0}
                """, "test");
        List<dev.bandstand.config.PlacementSettings> placements = scenario.policies().stream()
                .map(Scenario.PolicySpec::placement).toList();
        Settings settings = new Settings("127.0.0.1", 0, 1 << 20, new StoreSettings(null,
                "bandstand", Duration.ofSeconds(1), Duration.ofSeconds(1), 1000,
                Duration.ofSeconds(1)), PartsOfDay.defaults(), placements);
        vertx = Vertx.vertx();
        server = Await.result(Server.start(vertx, settings), WAIT);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            Await.result(server.close(), WAIT);
        }
        Await.result(vertx.close(), WAIT);
    }

    @Test
    void serverLearnsTheSimulatedTrafficSentOverHttp() throws Exception {
        Simulate.Options options = new Simulate.Options(Path.of("unused.yaml"), null, null,
                null, null, 2, null, "http://127.0.0.1:" + server.port(), false);
        Environment env = Environments.create(scenario.environment(), scenario.parameters(),
                null);

        SimulationResult result;
        try (Bandits bandits = Bandits.open(options)) {
            result = Simulation.run(scenario, env, bandits.factory(),
                    new Simulation.Options(2, null, false, bandits.mode()));
        }

        // uniform earns about 0.367; LinUCB that learns from the server's answers nears 0.7
        assertThat(result.mode()).startsWith("http");
        assertThat(result.summary("uniform").metric("value")).isBetween(0.33, 0.40);
        assertThat(result.summary("linucb").metric("lastHalfValue")).isGreaterThan(0.6);
    }

    @Test
    void missingPlacementsAreNamedWithEveryPlacementTheScenarioNeeds() {
        Simulate.Options options = new Simulate.Options(Path.of("unused.yaml"), null, null,
                null, null, 1, null, "http://127.0.0.1:" + server.port(), false);

        assertThatThrownBy(() -> Bandits.open(options, List.of("http-uniform", "other-x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has no placement other-x;")
                .hasMessageContaining("needs one placement per policy")
                .hasMessageContaining("http-uniform, other-x");
    }

    @Test
    void moreThanOneReplicateThroughHttpIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("two.yaml");
        Files.writeString(file, """
                name: http
                environment: {type: synthetic, problem: part-of-day, rounds: 100}
                replicates: 2
                policies: [{name: uniform, policy: {type: uniform}}]
                """);
        Simulate.Options options = new Simulate.Options(file, null, dir.resolve("out"), null,
                null, 1, null, "http://127.0.0.1:" + server.port(), false);
        StringWriter err = new StringWriter();

        assertThatThrownBy(() -> Simulate.run(options, new PrintWriter(new StringWriter()),
                new PrintWriter(err), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--replicates 1");
    }
}
