package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.BetaDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class TabularModelTest {

    private static final List<String> BUCKETS = List.of("partOfDay", "device", "activity");

    private final Context running = Fixtures.context("morning", "phone", "running");
    private final Context resting = Fixtures.context("morning", "phone", "resting");
    private final List<Arm> arms = Fixtures.arms(3);

    @Test
    void bucketKeysGoFromFinestToGlobal() {
        TabularModel model = new TabularModel(BUCKETS, 0, Forgetting.none());

        TabularUpdate update = (TabularUpdate) model.updateFor(running, arms.get(0));

        assertThat(update.bucketKeys()).containsExactly(
                "morning/phone/running", "morning/phone", "morning", "");
    }

    @Test
    void backsOffToTheFinestBucketWithEnoughObservations() {
        TabularModel model = new TabularModel(BUCKETS, 3, Forgetting.none());
        reward(model, running, 0, 1, 1, 1);
        reward(model, resting, 1, 0, 0);

        Estimates inRunning = model.estimates(running, arms, Fixtures.NOW);
        Estimates inResting = model.estimates(resting, arms, Fixtures.NOW);
        Estimates inEvening = model.estimates(
                Fixtures.context("evening", "tv", "resting"), arms, Fixtures.NOW);

        assertThat(inRunning.bucket()).isEqualTo("morning/phone/running");
        assertThat(inRunning.mean(0)).isEqualTo(1.0);
        assertThat(inRunning.mean(1)).isEqualTo(0.5);
        // two observations in morning/phone/resting are too few; morning/phone has five
        assertThat(inResting.bucket()).isEqualTo("morning/phone");
        assertThat(inResting.observations(0)).isEqualTo(3.0);
        assertThat(inResting.mean(1)).isEqualTo(0.0);
        assertThat(inEvening.bucket()).isEmpty();
    }

    @Test
    void untriedArmsHaveThePriorMeanAndFullWidth() {
        TabularModel model = new TabularModel(List.of(), 0, Forgetting.none());

        Estimates e = model.estimates(running, arms, Fixtures.NOW);

        assertThat(e.mean(2)).isEqualTo(0.5);
        assertThat(e.width(2)).isEqualTo(1.0);
        assertThat(e.observations(2)).isZero();
    }

    @Test
    void posteriorDrawsFollowTheBetaPosterior() {
        TabularModel model = new TabularModel(List.of(), 0, Forgetting.none());
        reward(model, running, 0, 1, 1, 0, 1, 0.5);
        Estimates e = model.estimates(running, arms, Fixtures.NOW);
        // s = 3.5, n = 5: Beta(4.5, 2.5)
        BetaDistribution reference = new BetaDistribution(4.5, 2.5);
        SummaryStatistics draws = new SummaryStatistics();
        SplittableRandom random = new SplittableRandom(21);
        double[] out = new double[3];

        for (int i = 0; i < 200_000; i++) {
            e.sample(random, out);
            draws.addValue(out[0]);
        }

        // standard error of the mean 0.17 / sqrt(2e5) = 0.0004; of the variance about 0.0001
        assertThat(draws.getMean()).isCloseTo(reference.getNumericalMean(), within(0.002));
        assertThat(draws.getVariance())
                .isCloseTo(reference.getNumericalVariance(), within(0.0006));
    }

    @Test
    void loadingItsOwnSumsReproducesTheEstimates() {
        TabularModel model = new TabularModel(BUCKETS, 2, Forgetting.none());
        reward(model, running, 0, 1, 0, 1);
        reward(model, resting, 2, 0.25, 0.75);
        model.decided(model.updateFor(running, arms.get(1)), 1);
        TabularModel copy = new TabularModel(BUCKETS, 2, Forgetting.none());

        copy.load(model.sums(), model.version());

        assertThat(copy.sums()).isEqualTo(model.sums());
        assertThat(copy.version()).isEqualTo(model.version());
        for (Context c : List.of(running, resting)) {
            Estimates a = model.estimates(c, arms, Fixtures.NOW);
            Estimates b = copy.estimates(c, arms, Fixtures.NOW);
            assertThat(b.bucket()).isEqualTo(a.bucket());
            for (int i = 0; i < arms.size(); i++) {
                assertThat(b.mean(i)).isEqualTo(a.mean(i));
                assertThat(b.observations(i)).isEqualTo(a.observations(i));
                assertThat(b.pending(i)).isEqualTo(a.pending(i));
            }
        }
    }

    @Test
    void sumsEqualStatsFieldsIncrementsAppliedToAPlainMap() {
        TabularModel model = new TabularModel(BUCKETS, 0, Forgetting.none());
        Map<String, Double> plain = new HashMap<>();
        StatsFields.Sink sink = (field, delta) -> plain.merge(field, delta, Double::sum);
        SplittableRandom random = new SplittableRandom(4);

        for (int i = 0; i < 500; i++) {
            Context c = random.nextBoolean() ? running : resting;
            Update u = model.updateFor(c, arms.get(random.nextInt(3)));
            double w = 0.5 + random.nextDouble();
            model.decided(u, w);
            StatsFields.decided(u, w, sink);
            if (random.nextInt(4) == 0) {
                model.dropped(u, w);
                StatsFields.dropped(u, w, sink);
            } else {
                double r = random.nextDouble();
                model.rewarded(u, r, w);
                StatsFields.rewarded(u, r, w, sink);
            }
        }

        SumsAssert.sameSums(model.sums(), plain);
    }

    @Test
    void versionCountsEveryChange() {
        TabularModel model = new TabularModel(List.of(), 0, Forgetting.none());
        Update u = model.updateFor(running, arms.get(0));

        model.decided(u, 1);
        model.rewarded(u, 1, 1);
        model.decided(u, 1);
        model.dropped(u, 1);

        assertThat(model.version()).isEqualTo(4);
    }

    @Test
    void rejectsRewardsOutsideTheNormalisedRangeAndForeignFields() {
        TabularModel model = new TabularModel(List.of(), 0, Forgetting.none());
        Update u = model.updateFor(running, arms.get(0));

        assertThatThrownBy(() -> model.rewarded(u, 1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> model.load(Map.of("A|0|0", 1.0), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("A|0|0");
        assertThatThrownBy(() -> model.decided(new LinearUpdate("a", new double[1]), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void reward(Model model, Context context, int arm, double... rewards) {
        for (double r : rewards) {
            Update u = model.updateFor(context, Fixtures.arms(3).get(arm));
            model.decided(u, 1);
            model.rewarded(u, r, 1);
        }
    }
}
