package dev.bandstand.simulation.estimators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class OffPolicyEvaluatorTest {

    private static final double EXACT = 1e-12;

    /**
     * Four rounds over two actions. Weights w = target(a) / p:
     * w0 = 0.8 / 0.5 = 1.6, w1 = 0.2 / 0.5 = 0.4, w2 = 0.5 / 0.25 = 2, w3 = 0.5 / 0.75 = 2/3.
     */
    private static List<Round> table() {
        double[] targetA = {0.8, 0.2};
        double[] predA = {0.6, 0.3};
        double[] targetB = {0.5, 0.5};
        double[] predB = {0.4, 0.2};
        return List.of(
                Round.withDistribution(0, 0.5, 1, targetA, predA),
                Round.withDistribution(1, 0.5, 0, targetA, predA),
                Round.withDistribution(0, 0.25, 0, targetB, predB),
                Round.withDistribution(1, 0.75, 1, targetB, predB));
    }

    private static OffPolicyEvaluator evaluator() {
        return new OffPolicyEvaluator(EstimatorSettings.defaults().withBootstrap(200));
    }

    @Test
    void ipsIsTheMeanOfWeightedRewards() {
        Estimate e = evaluator().evaluate(table(), Estimator.IPS);

        // (1.6*1 + 0.4*0 + 2*0 + (2/3)*1) / 4 = (34/15) / 4 = 17/30
        assertThat(e.value()).isCloseTo(17.0 / 30, within(EXACT));
        // Kish: (sum w)^2 / sum w^2 = (14/3)^2 / (2.56 + 0.16 + 4 + 4/9) = (196/9) / (64.48/9)
        assertThat(e.effectiveSampleSize()).isCloseTo(196 / 64.48, within(1e-9));
        assertThat(e.rounds()).isEqualTo(4);
    }

    @Test
    void snipsDividesByTheWeightSum() {
        Estimate e = evaluator().evaluate(table(), Estimator.SNIPS);

        // (34/15) / (1.6 + 0.4 + 2 + 2/3) = (34/15) / (14/3) = 17/35
        assertThat(e.value()).isCloseTo(17.0 / 35, within(EXACT));
    }

    @Test
    void clippedIpsCapsEachWeightAtM() {
        OffPolicyEvaluator clipped = new OffPolicyEvaluator(
                EstimatorSettings.defaults().withBootstrap(50).withClip(1.5));

        Estimate e = clipped.evaluate(table(), Estimator.CLIPPED_IPS);

        // weights become 1.5, 0.4, 1.5, 2/3: (1.5*1 + (2/3)*1) / 4 = (13/6) / 4 = 13/24
        assertThat(e.value()).isCloseTo(13.0 / 24, within(EXACT));
        assertThat(e.estimator()).isEqualTo("clipped-IPS(M=1.5)");
        assertThat(e.note()).contains("2 weights capped");
    }

    @Test
    void clippedIpsEqualsIpsWhenNoWeightReachesM() {
        Estimate clipped = evaluator().evaluate(table(), Estimator.CLIPPED_IPS);

        Estimate ips = evaluator().evaluate(table(), Estimator.IPS);

        assertThat(clipped.value()).isCloseTo(ips.value(), within(EXACT));
    }

    @Test
    void directMethodAveragesTheModelUnderTheTarget() {
        Estimate e = evaluator().evaluate(table(), Estimator.DIRECT_METHOD);

        // rounds 0,1: 0.8*0.6 + 0.2*0.3 = 0.54; rounds 2,3: 0.5*0.4 + 0.5*0.2 = 0.3
        // (0.54 + 0.54 + 0.3 + 0.3) / 4 = 0.42
        assertThat(e.value()).isCloseTo(0.42, within(EXACT));
        assertThat(e.effectiveSampleSize()).isEqualTo(4);
    }

    @Test
    void doublyRobustCorrectsTheModelWithWeightedResiduals() {
        Estimate e = evaluator().evaluate(table(), Estimator.DOUBLY_ROBUST);

        // 0.54 + 1.6*(1-0.6) = 1.18; 0.54 + 0.4*(0-0.3) = 0.42;
        // 0.3 + 2*(0-0.4) = -0.5; 0.3 + (2/3)*(1-0.2) = 0.8333...
        // (1.18 + 0.42 - 0.5 + 5/6) / 4 = (29/15) / 4 = 29/60
        assertThat(e.value()).isCloseTo(29.0 / 60, within(EXACT));
    }

    @Test
    void doublyRobustEqualsIpsWhenTheRewardModelIsZero() {
        List<Round> zeroModel = table().stream()
                .map(r -> Round.withDistribution(r.action(), r.propensity(), r.reward(),
                        r.target(), new double[r.target().length]))
                .toList();

        Estimate dr = evaluator().evaluate(zeroModel, Estimator.DOUBLY_ROBUST);

        assertThat(dr.value()).isCloseTo(17.0 / 30, within(EXACT));
    }

    @Test
    void doublyRobustEqualsDirectMethodWhenTargetMatchesTheLoggingPolicy() {
        // Logging policy: 0.7 / 0.3 over two actions in bucket "x"; the target is the same
        // distribution, so every weight is 1. The unsmoothed cell-mean model makes the
        // residuals r - q(a_t) sum to 0 within each cell, so DR's correction vanishes.
        double[] logging = {0.7, 0.3};
        int[] actions = {0, 0, 1, 0, 1};
        double[] rewards = {1, 0, 1, 1, 0};
        BucketMeanRewardModel.Builder b = BucketMeanRewardModel.builder(0);
        for (int t = 0; t < actions.length; t++) {
            b.add("x", "a" + actions[t], rewards[t]);
        }
        BucketMeanRewardModel model = b.build();
        double[] predicted = model.predictAll("x", List.of("a0", "a1"));
        List<Round> rounds = new java.util.ArrayList<>();
        for (int t = 0; t < actions.length; t++) {
            rounds.add(Round.withDistribution(actions[t], logging[actions[t]], rewards[t],
                    logging, predicted));
        }

        Estimate dm = evaluator().evaluate(rounds, Estimator.DIRECT_METHOD);
        Estimate dr = evaluator().evaluate(rounds, Estimator.DOUBLY_ROBUST);

        // q(a0) = 2/3, q(a1) = 1/2; DM = 0.7*2/3 + 0.3*1/2 = 0.61666...
        assertThat(dm.value()).isCloseTo(0.7 * 2 / 3 + 0.15, within(EXACT));
        assertThat(dr.value()).isCloseTo(dm.value(), within(EXACT));
    }

    @Test
    void snipsIsInvariantToScalingTheWeights() {
        List<Round> halved = table().stream()
                .map(r -> Round.of(r.action(), r.propensity(), r.reward(),
                        r.targetProbability() / 2))
                .toList();

        Estimate snips = evaluator().evaluate(halved, Estimator.SNIPS);
        Estimate ips = evaluator().evaluate(halved, Estimator.IPS);

        assertThat(snips.value()).isCloseTo(17.0 / 35, within(EXACT));
        assertThat(ips.value()).isCloseTo(17.0 / 60, within(EXACT));
    }

    @Test
    void replayKeepsTheRoundsWhereADeterministicTargetAgreesOnAUniformLog() {
        // Uniform log over two actions (p = 0.5); the target always picks action 0, so its
        // probability of the logged action is 1 for action 0 and 0 for action 1.
        int[] actions = {0, 1, 0, 0, 1};
        double[] rewards = {1, 1, 0, 1, 0};
        List<Round> rounds = new java.util.ArrayList<>();
        for (int t = 0; t < actions.length; t++) {
            rounds.add(Round.of(actions[t], 0.5, rewards[t], actions[t] == 0 ? 1 : 0));
        }

        Estimate e = evaluator().evaluate(rounds, Estimator.REPLAY);

        // kept: rounds 0, 2, 3 with rewards 1, 0, 1 -> 2/3
        assertThat(e.value()).isCloseTo(2.0 / 3, within(EXACT));
        assertThat(e.effectiveSampleSize()).isEqualTo(3);
        assertThat(e.note()).contains("3 of 5 rounds accepted");
    }

    @Test
    void anEstimateOnFewerThanThirtyEffectiveRoundsIsLowSupportButKeepsItsNumbers() {
        // 3 accepted rounds of 5 (as above): ESS 3 < 30
        List<Round> few = new java.util.ArrayList<>();
        for (int t = 0; t < 5; t++) {
            few.add(Round.of(t % 2, 0.5, 1, t % 2 == 0 ? 1 : 0));
        }
        // 60 accepted rounds of 120: ESS 60 >= 30
        List<Round> many = new java.util.ArrayList<>();
        for (int t = 0; t < 120; t++) {
            many.add(Round.of(t % 2, 0.5, t % 3 == 0 ? 1 : 0, t % 2 == 0 ? 1 : 0));
        }

        Estimate low = evaluator().evaluate(few, Estimator.REPLAY);
        Estimate ok = evaluator().evaluate(many, Estimator.REPLAY);

        assertThat(low.status()).isEqualTo(Estimate.Status.LOW_SUPPORT);
        assertThat(low.available()).isTrue();
        assertThat(low.value()).isCloseTo(1.0, within(EXACT));
        assertThat(EstimateTable.text(List.of(low), 0.95)).contains("LOW_SUPPORT (ESS below 30)");
        assertThat(ok.status()).isEqualTo(Estimate.Status.OK);
        assertThat(ok.effectiveSampleSize()).isEqualTo(60);
    }

    @Test
    void replayRejectionSamplingRecoversAStochasticTargetOnANonUniformLog() {
        // Log: action 0 with p = 0.8, action 1 with 0.2; action 0 always pays 1, action 1
        // pays 0. Target: 0.5 / 0.5, so its true value is 0.5. 20,000 rounds; about
        // 20,000 * 0.2 * ... accepted: P(accept) = pMin * 1 = 0.2, so ~4,000 rounds and a
        // standard error of sqrt(0.25 / 4000) = 0.008; tolerance 0.04 is 5 standard errors.
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Round> rounds = new java.util.ArrayList<>();
        for (int t = 0; t < 20_000; t++) {
            int a = random.nextDouble() < 0.8 ? 0 : 1;
            rounds.add(Round.of(a, a == 0 ? 0.8 : 0.2, a == 0 ? 1 : 0, 0.5));
        }

        Estimate e = evaluator().evaluate(rounds, Estimator.REPLAY);

        assertThat(e.value()).isCloseTo(0.5, within(0.04));
        assertThat(e.effectiveSampleSize()).isBetween(3_500.0, 4_500.0);
    }

    @Test
    void aTargetWithNoSupportInTheLogIsReportedAsSuchByEveryEstimator() {
        List<Round> rounds = List.of(
                Round.withDistribution(0, 0.5, 1, new double[] {0, 1}, new double[] {1, 1}),
                Round.withDistribution(0, 0.5, 0, new double[] {0, 1}, new double[] {1, 1}));

        List<Estimate> all = evaluator().evaluateAll(rounds);

        assertThat(all).hasSize(Estimator.values().length)
                .allSatisfy(e -> {
                    assertThat(e.status()).isEqualTo(Estimate.Status.NO_SUPPORT);
                    assertThat(e.available()).isFalse();
                    assertThat(e.effectiveSampleSize()).isZero();
                });
        assertThatThrownBy(() -> all.get(0).value())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NO_SUPPORT");
    }

    /**
     * Four actions, a uniform target, every reward 0.2 (so every policy's value is 0.2).
     * Rounds 0 and 1 come from a uniform logger (0.25 each): weight 0.25 / 0.25 = 1, nothing
     * unsupported. Rounds 2 and 3 come from a deterministic logger, (1, 0, 0, 0): weight
     * 0.25 / 1 = 0.25, and 0.75 of the target's probability on actions it could not choose.
     * The reward model predicts 0.2 everywhere.
     */
    private static List<Round> partlySupported() {
        double[] uniform = {0.25, 0.25, 0.25, 0.25};
        double[] fixed = {1, 0, 0, 0};
        double[] model = {0.2, 0.2, 0.2, 0.2};
        return List.of(
                Round.withLogging(0, uniform, 0.2, uniform, model),
                Round.withLogging(1, uniform, 0.2, uniform, model),
                Round.withLogging(0, fixed, 0.2, uniform, model),
                Round.withLogging(0, fixed, 0.2, uniform, model));
    }

    @Test
    void aRoundKnowsTheTargetsProbabilityOnActionsTheLoggerGaveZero() {
        Round r = Round.withLogging(1, new double[] {0.5, 0.5, 0}, 1,
                new double[] {0.2, 0.3, 0.5}, null);

        assertThat(r.propensity()).isEqualTo(0.5);
        assertThat(r.targetProbability()).isEqualTo(0.3);
        assertThat(r.unsupported()).isEqualTo(0.5);
        assertThat(Round.of(0, 0.5, 1, 0.5).unsupported()).isNaN();
        assertThatThrownBy(() -> Round.withLogging(2, new double[] {0.5, 0.5, 0}, 1,
                new double[] {0.2, 0.3, 0.5}, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("propensity");
    }

    @Test
    void ipsOnALogWithoutSupportForPartOfTheTargetIsPartialSupportNotOk() {
        List<Round> rounds = partlySupported();

        List<Estimate> all = evaluator().evaluateAll(rounds);

        Estimate ips = all.get(Estimator.IPS.ordinal());
        // (1 * 0.2 + 1 * 0.2 + 0.25 * 0.2 + 0.25 * 0.2) / 4 = 0.5 / 4 = 0.125, not 0.2
        assertThat(ips.value()).isCloseTo(0.125, within(EXACT));
        // (0 + 0 + 0.75 + 0.75) / 4 = 0.375
        assertThat(ips.unsupportedShare()).isCloseTo(0.375, within(EXACT));
        assertThat(ips.status()).isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        assertThat(ips.available()).isTrue();
        for (Estimator e : List.of(Estimator.CLIPPED_IPS, Estimator.SNIPS,
                Estimator.DOUBLY_ROBUST)) {
            assertThat(all.get(e.ordinal()).status()).as(e.label())
                    .isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
            assertThat(all.get(e.ordinal()).unsupportedShare()).isCloseTo(0.375,
                    within(EXACT));
        }
        // SNIPS: 0.5 / (1 + 1 + 0.25 + 0.25) = 0.2, right here only because every reward is
        // the same
        assertThat(all.get(Estimator.SNIPS.ordinal()).value()).isCloseTo(0.2, within(EXACT));
        assertThat(EstimateTable.text(List.of(ips), 0.95))
                .contains("unsupported")
                .containsPattern("(?m)^IPS\\s+0\\.12500\\s+\\[.*\\]\\s+[0-9.]+\\s+37\\.5%\\s+"
                        + "PARTIAL_SUPPORT \\(37\\.5% of the target's probability without"
                        + " support; ESS below 30\\)$");
    }

    @Test
    void theDirectMethodNeedsNoSupportButSaysItExtrapolates() {
        Estimate dm = evaluator().evaluate(partlySupported(), Estimator.DIRECT_METHOD);

        // sum_a 0.25 * 0.2 = 0.2 in every round
        assertThat(dm.value()).isCloseTo(0.2, within(EXACT));
        assertThat(dm.status()).isEqualTo(Estimate.Status.LOW_SUPPORT);
        assertThat(dm.unsupportedShare()).isCloseTo(0.375, within(EXACT));
        assertThat(dm.note()).contains("extrapolates: 37.5% of the target's probability");
    }

    @Test
    void replayOnALogWithoutSupportForPartOfTheTargetIsPartialSupport() {
        // 200 rounds over two actions, a uniform target: even rounds logged uniformly, odd
        // rounds by a logger that always chooses action 0; (0 + 0.5) / 2 = 0.25 unsupported
        double[] uniform = {0.5, 0.5};
        List<Round> rounds = new java.util.ArrayList<>();
        for (int t = 0; t < 200; t++) {
            rounds.add(t % 2 == 0
                    ? Round.withLogging(t % 4 / 2, uniform, 1, uniform, null)
                    : Round.withLogging(0, new double[] {1, 0}, 1, uniform, null));
        }

        Estimate replay = evaluator().evaluate(rounds, Estimator.REPLAY);

        assertThat(replay.status()).isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        assertThat(replay.unsupportedShare()).isCloseTo(0.25, within(EXACT));
        assertThat(replay.effectiveSampleSize()).isGreaterThan(30);
    }

    @Test
    void anUnsupportedShareUpToOnePercentIsStillOk() {
        // 100 uniform rounds over two actions, weight 1 each (ESS 100); one round (then two)
        // marked with all the target's other probability unsupported: 0.5 / 100 = 0.005,
        // then 1.0 / 100 = 0.01 (the limit, still OK), then 1.5 / 100 = 0.015 (above)
        List<List<Round>> logs = new java.util.ArrayList<>();
        for (int marked = 1; marked <= 3; marked++) {
            List<Round> rounds = new java.util.ArrayList<>();
            for (int t = 0; t < 100; t++) {
                Round r = Round.of(t % 2, 0.5, 1, 0.5);
                rounds.add(r.withUnsupported(t < marked ? 0.5 : 0));
            }
            logs.add(rounds);
        }

        List<Estimate.Status> statuses = logs.stream()
                .map(rounds -> evaluator().evaluate(rounds, Estimator.IPS).status()).toList();

        assertThat(Estimate.MAX_UNSUPPORTED).isEqualTo(0.01);
        assertThat(statuses).containsExactly(Estimate.Status.OK, Estimate.Status.OK,
                Estimate.Status.PARTIAL_SUPPORT);
    }

    @Test
    void roundsThatDoNotKnowTheLoggersDistributionLeaveTheShareUnknown() {
        Estimate ips = evaluator().evaluate(table(), Estimator.IPS);

        assertThat(ips.unsupportedShare()).isNaN();
        assertThat(ips.status()).isEqualTo(Estimate.Status.LOW_SUPPORT);
        assertThat(EstimateTable.text(List.of(ips), 0.95))
                .containsPattern("(?m)^IPS\\s+0\\.56667\\s+\\[.*\\]\\s+[0-9.]+\\s+-\\s+"
                        + "LOW_SUPPORT");
    }

    @Test
    void modelBasedEstimatorsAreNotApplicableWithoutDistributionOrPredictions() {
        List<Round> rounds = List.of(Round.of(0, 0.5, 1, 0.5), Round.of(1, 0.5, 0, 0.5));

        Estimate dm = evaluator().evaluate(rounds, Estimator.DIRECT_METHOD);
        Estimate dr = evaluator().evaluate(rounds, Estimator.DOUBLY_ROBUST);

        assertThat(dm.status()).isEqualTo(Estimate.Status.NOT_APPLICABLE);
        assertThat(dr.status()).isEqualTo(Estimate.Status.NOT_APPLICABLE);
    }

    @Test
    void anEmptyLogHasNoData() {
        Estimate e = evaluator().evaluate(List.of(), Estimator.IPS);

        assertThat(e.status()).isEqualTo(Estimate.Status.NO_DATA);
    }

    @Test
    void roundsRejectPropensitiesOutsideTheUnitInterval() {
        assertThatThrownBy(() -> Round.of(0, 0, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("propensity");
        assertThatThrownBy(() -> Round.of(0, 1.5, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> Round.of(0, Double.NaN, 1, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
