package dev.bandstand.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExperimentConfigTest {

    private static final String BASE = """
            placements:
              art:
                policy:
                  type: thompson
                  burnIn: 5
                arms: [champ, other]
                experiment:
                  name: art-1
                  control: champion
                  holdout: [explore]
                  variants:
            """;

    private static final String VARIANTS = """
                    - {name: bandit, share: 0.8, serves: policy}
                    - {name: explore, share: 0.1, serves: uniform}
                    - {name: champion, share: 0.1, fixed: champ}
            """;

    @Test
    void experimentIsReadWithItsVariantsControlAndHoldout() {
        Settings settings = ConfigLoader.parse(BASE + VARIANTS);

        ExperimentSettings e = settings.placement("art").experiment();

        assertThat(e.name()).isEqualTo("art-1");
        assertThat(e.control()).isEqualTo("champion");
        assertThat(e.holdout()).containsExactly("explore");
        assertThat(e.variants()).extracting(ExperimentSettings.Variant::serves).containsExactly(
                ExperimentSettings.Serves.POLICY, ExperimentSettings.Serves.UNIFORM,
                ExperimentSettings.Serves.FIXED);
        assertThat(e.variant("champion").armId()).isEqualTo("champ");
        assertThat(settings.placement("art").policy().param("burnIn", 0)).isEqualTo(5.0);
    }

    @Test
    void placementWithoutExperimentHasNone() {
        Settings settings = ConfigLoader.parse("placements:\n  a:\n    policy: {type: uniform}\n");

        assertThat(settings.placement("a").experiment()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "0.8;0.1;0.2;champ;champion;placements.art.experiment.variants",
        "0.8;0.1;0.1;nope;champion;placements.art.experiment.variants[2].fixed",
        "0.8;0.1;0.1;champ;nobody;placements.art.experiment.control",
        "0;0.1;0.1;champ;champion;placements.art.experiment.variants[0].share"
    })
    void badExperimentsStopStartUpNamingTheKey(String a, String b, String c, String arm,
            String control, String key) {
        String yaml = BASE.replace("control: champion", "control: " + control)
                + "        - {name: bandit, share: " + a + ", serves: policy}\n"
                + "        - {name: explore, share: " + b + ", serves: uniform}\n"
                + "        - {name: champion, share: " + c + ", fixed: " + arm + "}\n";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml));

        assertThat(e).isNotNull();
        assertThat(e.key()).isEqualTo(key);
    }

    @Test
    void unknownHoldoutVariantIsNamedByItsIndex() {
        String yaml = BASE.replace("holdout: [explore]", "holdout: [explore, ghost]") + VARIANTS;

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml));

        assertThat(e.key()).isEqualTo("placements.art.experiment.holdout[1]");
    }

    @Test
    void variantNeedsExactlyOneOfServesAndFixed() {
        String yaml = BASE + "        - {name: a, share: 0.5, serves: policy, fixed: champ}\n"
                + "        - {name: champion, share: 0.5, serves: bandit}\n";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml));

        assertThat(e.key()).isEqualTo("placements.art.experiment.variants[0]");
    }

    @Test
    void burnInMustBeAWholeNumber() {
        String yaml = "placements:\n  a:\n    policy: {type: ucb1, burnIn: 2.5}\n";

        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse(yaml));

        assertThat(e.key()).isEqualTo("placements.a.policy.burnIn");
    }
}
