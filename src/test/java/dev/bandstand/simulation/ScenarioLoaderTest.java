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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                halfLife: 1d
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
        assertThat(global.halfLife()).isEqualTo(Duration.ofDays(1));
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
    void aHalfLifeTheEngineWouldRefuseIsRefusedBeforeTheRun() {
        // 731 days are 975 half-lives of 18 hours, beyond the 960 weights may span
        String yaml = BASE.replace("halfLife: 1d", "halfLife: 18h");

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "test.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.yaml: policy global")
                .hasMessageContaining("halfLife: too short");
        ScenarioLoader.parse(BASE.replace("halfLife: 1d", "halfLife: 19h"), "test.yaml");
    }

    @Test
    void aHalfLifeASyntheticRunWouldOutgrowIsRefusedBeforeTheRun() {
        // 1,000 rounds a day apart and the first day: 1,001 days, 1,001 half-lives of a day
        String yaml = BASE.replace("rounds: 100}", "rounds: 1000, secondsPerRound: 86400}");

        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "test.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.yaml: policies[1] (global): halfLife 24h is too"
                        + " short for this run: its 1001 simulated days")
                .hasMessageContaining("use at least 26h");
        ScenarioLoader.parse(yaml.replace("halfLife: 1d", "halfLife: 26h"), "test.yaml");
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
                .hasMessageContaining("unknown key checks[0].minimum");
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

    // a tester's rounds of 10^20 were cut to 2^31 - 1, a run of about 100 hours
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "synthetic, problem: part-of-day | rounds: 99999999999999999999 | rounds | 1..100000000",
        "synthetic, problem: part-of-day | rounds: 1e20 | rounds | 1..100000000",
        "synthetic, problem: part-of-day | rounds: 1.5 | rounds | 1..100000000",
        "synthetic, problem: part-of-day | rounds: 0 | rounds | 1..100000000",
        "synthetic, problem: part-of-day | rounds: abc | rounds | 1..100000000",
        "synthetic, problem: stationary | arms: 1 | arms | 2..10000",
        "synthetic, problem: stationary | arms: 2.5 | arms | 2..10000",
        "synthetic, problem: flip, rounds: 100 | changeAt: 101 | changeAt | 0..100",
        "synthetic, problem: flip, rounds: 100 | changeAt: 1e20 | changeAt | 0..100",
        "synthetic, problem: flip, rounds: 100 | maxDelay: -1 | maxDelay | 0..100",
        "synthetic, problem: flip, rounds: 100 | secondsPerRound: 0.5 | secondsPerRound | 0..86400",
        "synthetic, problem: stationary | truthSeed: 1.5 | truthSeed | -9223372036854775808..",
        "movielens-artwork | maxEvents: 1e20 | maxEvents | 0..100000000",
        "movielens-artwork | minArtworks: 0 | minArtworks | 1..20",
        "playlist-context | candidates: 1.5 | candidates | 1..10000",
        "playlist-context | slateSize: 21 | slateSize | 1..20",
        "obd-ope | bootstrap: 1e20 | bootstrap | 1..100000",
        "obd-ope | draws: 0 | draws | 1..10000000",
    })
    void aWholeNumberParameterOutsideItsRangeIsRefusedNamingFileAndKey(String type,
            String entry, String key, String range) {
        String yaml = BASE.replace("{type: synthetic, problem: part-of-day, rounds: 100}",
                "{type: " + type + ", " + entry + "}");

        assertRefused(yaml, "environment." + key + " must be a whole number in " + range);
    }

    @Test
    void theMillionRoundYardstickAndTheLargestRunStillLoad() {
        String million = BASE.replace("rounds: 100", "rounds: 1000000");
        // 190 simulated years at a minute a round: a one-day half-life would outgrow them
        String largest = BASE.replace("rounds: 100", "rounds: 100000000")
                .replace("halfLife: 1d", "halfLife: 100d");

        assertThat(ScenarioLoader.parse(million, "m").parameters())
                .containsEntry("rounds", 1_000_000);
        assertThat(ScenarioLoader.parse(largest, "l").parameters())
                .containsEntry("rounds", 100_000_000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "seed: 5 | seed: 1.5 | seed must be a whole number",
        "seed: 5 | seed: 99999999999999999999 | seed must be a whole number",
        "seed: 5 | seed: abc | seed must be a whole number",
        "replicates: 3 | replicates: 1.5 | replicates must be a whole number in 1..1000",
        "replicates: 3 | replicates: 1001 | replicates must be a whole number in 1..1000",
    })
    void seedAndReplicatesMustBeWholeNumbersInRange(String from, String to, String message) {
        String yaml = BASE.replace(from, to);

        assertRefused(yaml, message);
    }

    @Test
    void theLargestAndSmallestLongSeedsLoad() {
        String low = BASE.replace("seed: 5", "seed: -9223372036854775808");
        String high = BASE.replace("seed: 5", "seed: 9223372036854775807");

        assertThat(ScenarioLoader.parse(low, "t").seed()).isEqualTo(Long.MIN_VALUE);
        assertThat(ScenarioLoader.parse(high, "t").seed()).isEqualTo(Long.MAX_VALUE);
    }

    // an unknown metric used to be found only after the whole run
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{policy: ucb, metric: nonsense, min: 0.1} | checks[0].metric must be one of reward,",
        "{policy: ucb, metric: value, min: abc}    | checks[0].min must be a finite number",
        "{policy: ucb, metric: value, max: [1]}    | checks[0].max must be a finite number",
        "{policy: ucb, metric: value, min: 0.5, max: 0.2} | checks[0].min must not exceed",
        "{policy: ucb, metric: value}              | checks[0].min or checks[0].max is required",
        "{policy: ucb, min: 0.1}                   | checks[0].metric is required",
    })
    void checksAreCheckedWhenTheScenarioLoads(String check, String message) {
        String yaml = BASE + "checks:\n  - " + check + "\n";

        assertRefused(yaml, message);
    }

    @Test
    void checkMetricsIncludeThoseOfTheEnvironmentsBaselines() {
        String yaml = BASE + "checks:\n  - {policy: ucb, metric: gainOver:best-fixed, min: 0}\n";

        Scenario s = ScenarioLoader.parse(yaml, "t");

        assertThat(s.checks()).singleElement().extracting(Scenario.Check::metric)
                .isEqualTo("gainOver:best-fixed");
    }

    @Test
    void anObdCheckNamesTheReplayOfOneOfItsCampaigns() {
        String obd = BASE.replace("{type: synthetic, problem: part-of-day, rounds: 100}",
                "{type: obd-ope, campaigns: [men]}");
        String good = obd + "checks:\n  - {policy: ucb, metric: replay:men, min: 0}\n";
        String bad = obd + "checks:\n  - {policy: ucb, metric: replay:women, min: 0}\n";

        assertThat(ScenarioLoader.parse(good, "t").checks()).hasSize(1);
        assertThatThrownBy(() -> ScenarioLoader.parse(bad, "obd.yaml"))
                .hasMessageStartingWith("obd.yaml: checks[0].metric must be one of replay:men;");
    }

    // these messages named neither the file nor the key
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rounds: 100 | rounds: -5 | environment.rounds must be a whole number in 1..100000000",
        "synthetic, problem: part-of-day | moon-landing | environment.type must be one of",
        "problem: part-of-day | problem: nope | environment.problem must be one of part-of-day,",
        "problem: part-of-day | zone: x | unknown key environment.zone",
        "- name: ucb | - nom: ucb | policies[0].name is required",
        "name: demo | nom: demo | unknown key nom",
        "name: demo | description: demo | name is required",
        "problem: part-of-day | 'problem: flip, rates: [0.5, 2]' | environment.rates[1] must be"
                + " a number in [0, 1], was 2",
    })
    void everyErrorNamesTheFileAndTheKey(String from, String to, String message) {
        String yaml = BASE.replace(from, to);

        assertRefused(yaml, message);
    }

    @Test
    void environmentParametersOfOtherTypesAreCheckedToo() {
        String zone = BASE.replace("{type: synthetic, problem: part-of-day, rounds: 100}",
                "{type: movielens-artwork, zone: Mars/Base}");
        String model = BASE.replace("{type: synthetic, problem: part-of-day, rounds: 100}",
                "{type: obd-ope, model: forest}");
        String campaigns = BASE.replace("{type: synthetic, problem: part-of-day, rounds: 100}",
                "{type: obd-ope, campaigns: men}");

        assertThatThrownBy(() -> ScenarioLoader.parse(zone, "z.yaml"))
                .hasMessageStartingWith("z.yaml: environment.zone must be a time-zone id");
        assertThatThrownBy(() -> ScenarioLoader.parse(model, "m.yaml"))
                .hasMessageStartingWith("m.yaml: environment.model must be one of bucket,");
        assertThatThrownBy(() -> ScenarioLoader.parse(campaigns, "c.yaml"))
                .hasMessageStartingWith("c.yaml: environment.campaigns must be a non-empty list");
    }

    /** Asserts that the scenario {@code tiny.yaml} is refused with this message. */
    private static void assertRefused(String yaml, String message) {
        assertThatThrownBy(() -> ScenarioLoader.parse(yaml, "tiny.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("tiny.yaml: " + message);
    }
}
