package dev.bandstand.simulation.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BucketMeanFitTest {

    // bucket m: a = 1, 0, 1; b = 0. bucket e: a = 0 (the rows of BucketMeanRewardModelTest)
    private static final List<String> BUCKETS = List.of("m", "m", "m", "m", "e");
    private static final List<String> AB = List.of("a", "b");
    private static final int[] CHOSEN = {0, 0, 0, 1, 0};
    private static final double[] REWARDS = {1, 0, 1, 0, 0};

    @Test
    void onEveryRoundOnceItPredictsWhatTheBuiltModelPredicts() {
        BucketMeanRewardModel model = BucketMeanRewardModel.builder(2)
                .add("m", "a", 1).add("m", "a", 0).add("m", "a", 1)
                .add("m", "b", 0).add("e", "a", 0).build();
        BucketMeanFit fit = BucketMeanFit.of(2, BUCKETS, List.of(AB, AB, AB, AB, AB), CHOSEN,
                REWARDS);

        double[][] q = fit.fit(new int[] {1, 1, 1, 1, 1});

        for (int t = 0; t < 5; t++) {
            assertThat(q[t][0]).isCloseTo(model.predict(BUCKETS.get(t), "a"), within(1e-12));
            assertThat(q[t][1]).isCloseTo(model.predict(BUCKETS.get(t), "b"), within(1e-12));
        }
    }

    @Test
    void aRoundDrawnTwiceCountsTwiceAndAnUndrawnRoundNotAtAll() {
        BucketMeanFit fit = BucketMeanFit.of(0, BUCKETS, List.of(AB, AB, AB, AB, AB), CHOSEN,
                REWARDS);

        double[][] q = fit.fit(new int[] {2, 1, 0, 1, 0});

        // cell (m, a): rewards 1, 1, 0 -> 2/3; cell (m, b): 0; bucket e undrawn: no entry
        assertThat(q[0][0]).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(q[0][1]).isZero();
        assertThat(q[4]).isNull();
    }
}
