package dev.bandstand.simulation.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The playlist environment on a 30-listen, 6-track fixture in the MUMR formats. */
class PlaylistContextTest {

    private static PlaylistContext env;

    @BeforeAll
    static void load() throws Exception {
        Path dir = Fixtures.dataset("mumr");
        env = PlaylistContext.load(dir, 500, 5, 3);
    }

    @Test
    void positionsAreDiscountedAsInDcg() {
        assertThat(env.positionWeight(0)).isEqualTo(1.0);
        // 1 / log2(3)
        assertThat(env.positionWeight(1)).isCloseTo(0.6309297535714574, within(1e-15));
        assertThat(env.positionWeight(2)).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void likeProbabilityMapsTheRatingScaleAndIsClamped() {
        assertThat(PlaylistContext.like(3.0)).isEqualTo(0.5);
        assertThat(PlaylistContext.like(4.6)).isCloseTo(0.9, within(1e-12));
        assertThat(PlaylistContext.like(0.2)).isEqualTo(0.01);
        assertThat(PlaylistContext.like(7.0)).isEqualTo(0.99);
    }

    @Test
    void roundsOfferDistinctStudyTracksInARealContext() {
        SplittableRandom random = new SplittableRandom(1);

        for (int step = 0; step < 200; step++) {
            Round r = env.round(step, random);

            assertThat(r.candidates()).hasSize(5);
            assertThat(new HashSet<>(r.candidates())).hasSize(5);
            assertThat(r.candidates()).allSatisfy(a -> assertThat(a.id()).matches("t\\d\\d"));
            assertThat(r.context().partOfDay()).isIn("morning", "afternoon", "evening");
            assertThat(r.segment()).isEqualTo(r.context().activity() + "/"
                    + r.context().partOfDay());
            assertThat(Arrays.stream(r.expected()).allMatch(p -> p >= 0.01 && p <= 0.99))
                    .isTrue();
        }
    }

    @Test
    void oracleSortsByLikeProbabilityAndUniformIsTheWeightedMean() {
        Round r = env.round(0, new SplittableRandom(2));
        double[] sorted = r.expected().clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(r.expected()).average().orElseThrow();
        double w1 = env.positionWeight(1);

        double oracle = sorted[4] + w1 * sorted[3] + 0.5 * sorted[2];

        assertThat(env.oracle(r)).isCloseTo(oracle, within(1e-12));
        assertThat(r.baselines()[0]).isCloseTo((1 + w1 + 0.5) * mean, within(1e-12));
        assertThat(r.baselines()[1]).isLessThanOrEqualTo(oracle + 1e-12);
        assertThat(env.value(r, new int[] {0, 1, 2})).isLessThanOrEqualTo(oracle + 1e-12);
    }

    @Test
    void notesDescribeTheFittedModel() {
        assertThat(env.notes()).contains("30 listens").contains("ridge least squares");
    }
}
