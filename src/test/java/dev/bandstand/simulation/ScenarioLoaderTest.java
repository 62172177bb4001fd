package dev.bandstand.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.PlacementSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Scenario files read into placements by the service's own configuration rules. */
class ScenarioLoaderTest {

    private static final String BASE = """
            name: demo
            environment: {type: synthetic, problem: part-of-day, rounds: 100}
            seed: 5
            replicates: 3
            placement:
              buckets: [partOfDay]
              features: {dimensions: 18, armId: true, context: [partOfDay]}
            policies:
              - name: ucb
                policy: {type: linucb, alpha: 0.5}
              - name: global
                policy: {type: thompson, draws: 100}
                buckets: []
                halfLife: 6h
            """;

    @Test
    void policyKeysAreLaidOverTheSharedPlacement() throws Exception {
        Scenario s = ScenarioLoader.parse(BASE, "test");

        PlacementSettings ucb = s.policies().get(0).placement();
        PlacementSettings global = s.policies().get(1).placement();

        assertThat(s.seed()).isEqualTo(5);
        assertThat(s.replicates()).isEqualTo(3);
        assertThat(s.parameters()).containsEntry("problem", "part-of-day");
        assertThat(ucb.name()).isEqualTo("demo-ucb");
        assertThat(ucb.policy().param("alpha", 0)).isEqualTo(0.5);
        assertThat(ucb.buckets()).containsExactly("partOfDay");
        assertThat(ucb.features().dimensions()).isEqualTo(18);
        assertThat(ucb.halfLife()).isNull();
        assertThat(global.buckets()).isEmpty();
        assertThat(global.halfLife()).isEqualTo(Duration.ofHours(6));
        assertThat(global.rewardWait()).isEqualTo(ScenarioLoader.DEFAULT_REWARD_WAIT);
    }

    @Test
    void badPolicyIsRejectedNamingThePolicy() {
        String yaml = BASE.replace("{type: linucb, alpha: 0.5}", "{type: linucb, alpha: -1}");

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "test.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.yaml: policy ucb").hasMessageContaining("alpha");
    }

    @Test
    void checksMustNameAPolicyOfTheScenario() {
        String yaml = BASE + "checks:\n  - {policy: nobody, metric: value, min: 0.1}\n";

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody");
    }

    @Test
    void unknownTopLevelKeyIsRefusedNamingKeyAndFile() {
        String yaml = BASE.replace("replicates: 3", "replicatez: 3");

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "demo.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demo.yaml").hasMessageContaining("unknown key replicatez");
    }

    @Test
    void unknownEnvironmentKeyIsRefusedNamingKeyAndFile() {
        String yaml = BASE.replace("rounds: 100", "roundz: 5");

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "demo.yaml"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("demo.yaml")
                .hasMessageContaining("unknown key environment.roundz");
    }

    @Test
    void unknownCheckKeyIsRefused() {
        String yaml = BASE + "checks:\n  - {policy: ucb, metric: value, minimum: 0.1}\n";

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "demo.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown key checks[].minimum");
    }

    @Test
    void yamlSyntaxErrorNamesFileAndLine() {
        String yaml = "name: demo\nenvironment: {type: synthetic\nseed: 5\n";

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "demo.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("demo.yaml: not valid YAML at line");
    }

    @Test
    void everyScenarioFileOfTheProjectLoads() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("simulations"))) {
            files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(files).hasSizeGreaterThanOrEqualTo(7);
        for (Path f : files) {
            Scenario s = ScenarioLoader.load(f);
            assertThat(s.policies()).as(f.toString()).isNotEmpty();
        }
    }
}
