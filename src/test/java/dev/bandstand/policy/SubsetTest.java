package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SubsetTest {

    @Test
    void aSubsetReadsTheChosenCandidatesInTheGivenOrder() {
        Estimates all = new FixedEstimates(new double[] {0.1, 0.2, 0.3, 0.4},
                new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8});

        Estimates rest = Subset.of(all, 3, 1);

        assertThat(rest.size()).isEqualTo(2);
        assertThat(rest.mean(0)).isEqualTo(0.4);
        assertThat(rest.observations(1)).isEqualTo(2.0);
        assertThat(rest.pending(0)).isEqualTo(8.0);
    }

    @Test
    void aSlateSlotIsChosenAmongTheRemainingCandidates() {
        Model model = new TabularModel(List.of(), 0, Forgetting.none());
        Context context = Fixtures.context();
        List<Arm> arms = Fixtures.arms(3);
        for (int a = 0; a < 3; a++) {
            Update u = model.updateFor(context, arms.get(a));
            model.decided(u, 1);
            model.rewarded(u, a == 0 ? 1 : 0, 1);
        }
        Policy policy = new ThompsonPolicy("thompson", 2000);
        SplittableRandom random = new SplittableRandom(3);
        Estimates all = model.estimates(context, arms, Fixtures.NOW);

        double[] first = policy.probabilities(all, random);
        double[] second = policy.probabilities(Subset.of(all, 1, 2), random);

        // arms 1 and 2 have the same posterior Beta(1, 2): they share the second slot
        assertThat(first[0]).isGreaterThan(first[1]);
        assertThat(second).hasSize(2);
        assertThat(second[0]).isCloseTo(0.5, within(0.04));
        assertThat(second[0] + second[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void rejectsRepeatedOrOutOfRangeIndices() {
        Estimates all = FixedEstimates.means(0.1, 0.2);

        assertThatThrownBy(() -> Subset.of(all, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subset.of(all, 2))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subset.of(all)).isInstanceOf(IllegalArgumentException.class);
    }
}
