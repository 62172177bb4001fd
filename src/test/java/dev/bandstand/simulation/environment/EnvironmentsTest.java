package dev.bandstand.simulation.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Environment parameters are checked without the data, and baselines are known by type. */
class EnvironmentsTest {

    @Test
    void eachEnvironmentReportsTheBaselinesItsTypeAnnounces() throws Exception {
        Environment synthetic = Environments.create("synthetic",
                Map.of("problem", "flip", "rounds", 10), null);
        Environment movies = Environments.create("movielens-artwork", Map.of(),
                Fixtures.dataset("movielens"));
        Environment playlists = Environments.create("playlist-context",
                Map.of("rounds", 10, "candidates", 5, "slateSize", 3), Fixtures.dataset("mumr"));

        assertThat(synthetic.baselines()).isEqualTo(Environments.baselines("synthetic"));
        assertThat(movies.baselines()).isEqualTo(Environments.baselines("movielens-artwork"));
        assertThat(playlists.baselines()).isEqualTo(Environments.baselines("playlist-context"));
    }

    @Test
    void checkNeedsNoDataAndNamesTheKey() {
        Environments.check("movielens-artwork", Map.of("minArtworks", 3, "zone", "UTC"));

        assertThatThrownBy(() -> Environments.check("playlist-context",
                Map.of("candidates", 4, "slateSize", 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("environment.slateSize must be a whole number in 1..4, was 5");
        assertThatThrownBy(() -> Environments.check("movielens-artwork", Map.of("kappa", 0)))
                .hasMessage("environment.kappa must be a finite number > 0, was 0");
    }

    @Test
    void syntheticSettingsBuiltInCodeAreCheckedNamingTheKeys() {
        assertThatThrownBy(() -> Synthetic.create(new Synthetic.Settings("nope", 10, 3, null,
                5, 0.6, 60, 0, 1)))
                .hasMessage("environment.problem must be one of part-of-day, flip, new-arm,"
                        + " stationary; was nope");
        assertThatThrownBy(() -> Synthetic.create(new Synthetic.Settings("flip", 0, 3, null,
                5, 0.6, 60, 0, 1)))
                .hasMessage("environment.rounds must be positive, was 0");
    }
}
