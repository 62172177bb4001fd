package dev.bandstand.simulation.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Truth of the MovieLens artwork environment on a six-rating fixture (CRLF, out of time
 * order). Reference values by hand: sigma(x) = 1 / (1 + e^-x), base logit -2, one log-odds
 * per star of affinity, kappa 3, zone America/Chicago (UTC-6 in January).
 */
class MovieLensArtworkTest {

    private static final double TOLERANCE = 1e-12;
    private static MovieLensArtwork env;

    @BeforeAll
    static void load() throws Exception {
        env = MovieLensArtwork.load(fixture(), MovieLensArtwork.Settings.defaults());
    }

    @Test
    void keepsOnlyEventsOfMoviesWithSeveralGenresInTimeOrder() {
        assertThat(env.rounds()).isEqualTo(4);
        SplittableRandom random = new SplittableRandom(1);

        assertThat(env.round(0, random).candidates()).extracting(a -> a.id())
                .containsExactly("m2/action", "m2/crime", "m2/thriller");
        assertThat(env.round(1, random).candidates()).extracting(a -> a.id())
                .containsExactly("m1/animation", "m1/comedy");
        assertThat(env.round(2, random).candidates()).extracting(a -> a.id())
                .containsExactly("m4/crime", "m4/drama");
        assertThat(env.round(3, random).candidates()).extracting(a -> a.id())
                .containsExactly("m1/animation", "m1/comedy");
    }

    @Test
    void firstEventHasNoAffinityOnlyTheMorningThrillerPenalty() {
        Round r = env.round(0, new SplittableRandom(1));

        // local 06:00: morning; no earlier rating of these genres, so affinity 0
        assertThat(r.context().localHour()).isEqualTo(6);
        assertThat(r.context().partOfDay()).isEqualTo("morning");
        assertThat(r.expected()[0]).isCloseTo(0.11920292202211755, within(TOLERANCE));
        assertThat(r.expected()[1]).isCloseTo(0.11920292202211755, within(TOLERANCE));
        // sigma(-2 - 0.2)
        assertThat(r.expected()[2]).isCloseTo(0.09975048911968513, within(TOLERANCE));
    }

    @Test
    void affinityUsesOnlyEarlierRatingsCentredOnTheUsersMean() {
        Round r = env.round(2, new SplittableRandom(1));

        // earlier: Drama 5.0, Action|Crime|Thriller 4.0, Animation|Comedy 2.0; mean 11/3.
        // a(crime) = (4 - 11/3) / (1 + 3) = 1/12; a(drama) = (5 - 11/3) / 4 = 1/3; 02:00 night
        assertThat(r.context().partOfDay()).isEqualTo("night");
        assertThat(r.expected()[0]).isCloseTo(0.12823373759251927, within(TOLERANCE));
        assertThat(r.expected()[1]).isCloseTo(0.15886910488091516, within(TOLERANCE));
        assertThat(r.context().features()).containsEntry("favouriteGenre", "drama")
                .containsEntry("ratings", 3.0);
    }

    @Test
    void bestFixedArtworkIsChosenPerMovieOverAllItsEvents() {
        Round morning = env.round(1, new SplittableRandom(1));
        Round later = env.round(3, new SplittableRandom(1));

        // movie 1, event at 08:00: sigma(-1.6) animation, sigma(-1.8) comedy
        assertThat(morning.expected()).containsExactly(
                new double[] {0.16798161486607552, 0.14185106490048777}, within(TOLERANCE));
        // event at 14:00 (afternoon), user 2 never rated a genre: both sigma(-2)
        assertThat(later.expected()[0]).isCloseTo(0.11920292202211755, within(TOLERANCE));
        // animation wins the movie's total, so best-fixed is animation in both events
        assertThat(morning.baselines()[1]).isCloseTo(0.16798161486607552, within(TOLERANCE));
        assertThat(morning.baselines()[0]).isCloseTo(
                (0.16798161486607552 + 0.14185106490048777) / 2, within(TOLERANCE));
        assertThat(env.oracle(morning)).isCloseTo(0.16798161486607552, within(TOLERANCE));
    }

    @Test
    void maxEventsKeepsTheEarliestEvents() throws Exception {
        MovieLensArtwork.Settings d = MovieLensArtwork.Settings.defaults();

        MovieLensArtwork two = MovieLensArtwork.load(fixture(), new MovieLensArtwork.Settings(
                d.baseLogit(), d.affinityWeight(), d.kappa(), d.zone(), 2, 2));

        assertThat(two.rounds()).isEqualTo(2);
        assertThat(two.round(1, new SplittableRandom(1)).candidates().get(0).id())
                .isEqualTo("m1/animation");
    }

    static Path fixture() {
        return Fixtures.dataset("movielens");
    }
}
