package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each policy on seeded Bernoulli bandits with known truth. */
class BanditProblemTest {

    private static final double[] MEANS = {0.1, 0.3, 0.5, 0.4, 0.8};

    @Test
    void everyLearningPolicyFindsTheBestArm() {
        for (String type : List.of("epsilon-greedy", "ucb1", "thompson", "softmax", "linucb",
                "linear-thompson")) {
            PolicySettings settings = new PolicySettings(type, Map.of());
            Model model = Models.create(Fixtures.placement(settings, List.of(), 0, null, 5),
                    new VectorEncoder(5), Forgetting.none());

            double best = shareOfBest(Policies.create(settings), model, Forgetting.none(),
                    MEANS, 3000, 1000, new SplittableRandom(41), Fixtures.NOW, Duration.ZERO);

            // the truth gives arm 4 a lead of 0.3; each rule's long-run share of it is at
            // least 0.9 (softmax at temperature 0.1: 1 / (1 + e^-3 + e^-4 + e^-5 + e^-7)
            // = 0.93), so 0.8 over the last 1000 rounds leaves room for exploration
            assertThat(best).as(type).isGreaterThan(0.8);
        }
    }

    @Test
    void uniformDoesNotLearn() {
        PolicySettings settings = new PolicySettings("uniform", Map.of());
        Model model = Models.create(Fixtures.placement(settings, List.of(), 0, null, 5), null,
                Forgetting.none());

        double best = shareOfBest(Policies.create(settings), model, Forgetting.none(), MEANS,
                3000, 1000, new SplittableRandom(41), Fixtures.NOW, Duration.ZERO);

        // 1/5 with binomial standard error 0.013 over 1000 rounds
        assertThat(best).isBetween(0.14, 0.26);
    }

    @Test
    void forgettingRecoversAfterTastesFlip() {
        double[] before = {0.8, 0.2};
        double[] after = {0.2, 0.8};
        PolicySettings settings = new PolicySettings("epsilon-greedy", Map.of());
        Policy policy = Policies.create(settings);
        Duration step = Duration.ofMinutes(1);
        Instant flip = Fixtures.NOW.plus(step.multipliedBy(4000));
        Forgetting forgetting = Forgetting.of(Duration.ofHours(2), Fixtures.NOW);
        Model forgetful = new TabularModel(List.of(), 0, forgetting);
        Model stubborn = new TabularModel(List.of(), 0, Forgetting.none());

        shareOfBest(policy, forgetful, forgetting, before, 4000, 0, new SplittableRandom(43),
                Fixtures.NOW, step);
        shareOfBest(policy, stubborn, Forgetting.none(), before, 4000, 0,
                new SplittableRandom(43), Fixtures.NOW, step);

        double forgetfulShare = shareOfBest(policy, forgetful, forgetting, after, 1000, 500,
                new SplittableRandom(44), flip, step);
        double stubbornShare = shareOfBest(policy, stubborn, Forgetting.none(), after, 1000,
                500, new SplittableRandom(44), flip, step);

        // 1000 minutes after the flip, 8 half-lives: the old evidence weighs 1/256 and
        // epsilon-greedy is back near its 0.95 share; without forgetting 4000 old rewards
        // keep the old favourite ahead of the 50 or so explorations of the new one
        assertThat(forgetfulShare).isGreaterThan(0.85);
        assertThat(stubbornShare).isLessThan(0.2);
    }

    /**
     * Runs {@code rounds} decide-and-reward rounds at {@code start + i step} and returns how
     * often the best arm was chosen in the last {@code tail} rounds.
     */
    static double shareOfBest(Policy policy, Model model, Forgetting forgetting,
            double[] truth, int rounds, int tail, SplittableRandom random, Instant start,
            Duration step) {
        int bestArm = 0;
        for (int a = 1; a < truth.length; a++) {
            if (truth[a] > truth[bestArm]) {
                bestArm = a;
            }
        }
        List<Arm> arms = Fixtures.oneHotArms(truth.length);
        Context context = Fixtures.context();
        int hits = 0;
        for (int i = 0; i < rounds; i++) {
            Instant now = start.plus(step.multipliedBy(i));
            Estimates e = model.estimates(context, arms, now);
            int chosen = Draw.index(policy.probabilities(e, random), random);
            Update u = model.updateFor(context, arms.get(chosen));
            double w = forgetting.weight(now);
            model.decided(u, w);
            model.rewarded(u, random.nextDouble() < truth[chosen] ? 1 : 0, w);
            if (i >= rounds - tail && chosen == bestArm) {
                hits++;
            }
        }
        return tail == 0 ? Double.NaN : hits / (double) tail;
    }
}
