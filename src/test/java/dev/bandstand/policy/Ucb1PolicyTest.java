package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Ucb1PolicyTest {

    private final Policy policy = new Ucb1Policy(1.0);
    private final Context context = Fixtures.context();
    private final List<Arm> arms = Fixtures.arms(3);

    @Test
    void triesEveryArmOnceBeforeUsingScores() {
        Model model = new TabularModel(List.of(), 0, Forgetting.none());
        SplittableRandom random = new SplittableRandom(7);
        Set<String> tried = new HashSet<>();

        for (int round = 0; round < 3; round++) {
            double[] p = policy.probabilities(estimates(model), random);
            int untried = 3 - round;
            assertThat(Arrays.stream(p).filter(x -> x > 0)).hasSize(untried)
                    .containsOnly(1.0 / untried);
            Arm arm = arms.get(Draw.index(p, random));
            tried.add(arm.id());
            Update update = model.updateFor(context, arm);
            model.decided(update, 1);
            model.rewarded(update, 0, 1);
        }

        assertThat(tried).hasSize(3);
    }

    @Test
    void followsScoresWorkedOutByHand() {
        Model model = new TabularModel(List.of(), 0, Forgetting.none());
        reward(model, 0, 1, 0);
        reward(model, 1, 0);
        reward(model, 2, 1, 1, 0);

        double[] p = policy.probabilities(estimates(model), new SplittableRandom(1));

        // N = 6: 0.5 + sqrt(2 ln 6 / 2) = 1.838566, 0 + sqrt(2 ln 6) = 1.893018,
        // 2/3 + sqrt(2 ln 6 / 3) = 1.759601: arm 1 wins
        assertThat(p).containsExactly(0.0, 1.0, 0.0);

        reward(model, 1, 1);
        p = policy.probabilities(estimates(model), new SplittableRandom(1));

        // N = 7: arms 0 and 1 both 0.5 + sqrt(ln 7) = 1.894959, arm 2 2/3 + sqrt(2 ln 7 / 3)
        // = 1.805648: the tie is shared, not broken by index
        assertThat(p).containsExactly(new double[] {0.5, 0.5, 0.0}, within(1e-15));
    }

    @Test
    void aBurstOfDecisionsBeforeAnyRewardSpreadsOverUntriedArms() {
        Model model = new TabularModel(List.of(), 0, Forgetting.none());
        List<Arm> four = Fixtures.arms(4);
        SplittableRandom random = new SplittableRandom(3);
        Set<String> chosen = new HashSet<>();

        for (int i = 0; i < 4; i++) {
            Estimates e = model.estimates(context, four, Fixtures.NOW);
            Arm arm = four.get(Draw.index(policy.probabilities(e, random), random));
            chosen.add(arm.id());
            model.decided(model.updateFor(context, arm), 1);
        }

        assertThat(chosen).hasSize(4);
    }

    private Estimates estimates(Model model) {
        return model.estimates(context, arms, Fixtures.NOW);
    }

    private void reward(Model model, int arm, double... rewards) {
        for (double r : rewards) {
            Update update = model.updateFor(context, arms.get(arm));
            model.decided(update, 1);
            model.rewarded(update, r, 1);
        }
    }
}
