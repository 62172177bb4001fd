package dev.bandstand.simulation.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BucketMeanRewardModelTest {

    private static BucketMeanRewardModel.Builder observations(double k) {
        // bucket m: a = 1, 0, 1; b = 0. bucket e: a = 0.
        return BucketMeanRewardModel.builder(k)
                .add("m", "a", 1).add("m", "a", 0).add("m", "a", 1)
                .add("m", "b", 0)
                .add("e", "a", 0);
    }

    @Test
    void withoutShrinkageACellPredictsItsMeanAndFallsBackWhereEmpty() {
        BucketMeanRewardModel model = observations(0).build();

        // cell (m, a) = 2/3; cell (e, a) = 0; (e, b) empty -> action b's mean 0;
        // action c unseen -> global mean 2/5
        assertThat(model.predict("m", "a")).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(model.predict("e", "a")).isZero();
        assertThat(model.predict("e", "b")).isZero();
        assertThat(model.predict("x", "c")).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void withShrinkageACellIsPulledTowardsItsAction() {
        BucketMeanRewardModel model = observations(2).build();

        // global = 2/5; action a: (2 + 2 * 0.4) / (4 + 2) = 2.8 / 6 = 0.4666...
        // cell (m, a): (2 + 2 * 0.4666...) / (3 + 2) = 2.9333... / 5 = 0.58666...
        double actionA = 2.8 / 6;
        assertThat(model.predict("m", "a")).isCloseTo((2 + 2 * actionA) / 5, within(1e-12));
        assertThat(model.predict("y", "a")).isCloseTo(actionA, within(1e-12));
    }

    @Test
    void anEmptyModelPredictsZero() {
        assertThat(BucketMeanRewardModel.builder(1).build().predict("m", "a")).isZero();
    }

    @Test
    void aNegativePriorStrengthIsRejected() {
        assertThatThrownBy(() -> BucketMeanRewardModel.builder(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("priorStrength");
    }
}
