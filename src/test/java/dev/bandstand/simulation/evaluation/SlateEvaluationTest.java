package dev.bandstand.simulation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Policies;
import dev.bandstand.policy.Policy;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.Estimator;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.estimators.OffPolicyEvaluator;
import dev.bandstand.simulation.estimators.ReplaySampler;
import dev.bandstand.simulation.estimators.Round;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.LoggedSlate;
import dev.bandstand.simulation.log.LoggedSlate.Position;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slate estimators on logs small enough to compute by hand: three candidates a, b, c (indices
 * 0, 1, 2), slates of two slots, one context bucket.
 */
class SlateEvaluationTest {

    private static final double EXACT = 1e-12;
    private static final List<Arm> ARMS = List.of(Arm.of("a"), Arm.of("b"), Arm.of("c"));
    private static final EstimatorSettings SETTINGS = EstimatorSettings.defaults()
            .withSeed(7).withBootstrap(200).withClip(0.3);

    /** The first open candidate (in candidate order) 0.6, the others 0.4 shared evenly. */
    private static final Policy FIRST_SIXTY = new FixedPolicy("first-sixty", n -> {
        double[] p = new double[n];
        Arrays.fill(p, n == 1 ? 1 : 0.4 / (n - 1));
        p[0] = n == 1 ? 1 : 0.6;
        return p;
    });

    private static final Policy FIRST = FixedPolicy.FIRST;

    private static Context context(Instant at) {
        return new Context(at, ZoneOffset.UTC, 10, "morning", "weekday", DayOfWeek.MONDAY,
                "phone", "resting", Map.of());
    }

    private static LoggedSlate slate(int t, Position... slots) {
        Instant at = Instant.parse("2024-01-01T10:00:00Z").plusSeconds(t);
        return new LoggedSlate("d" + t, at, context(at), ARMS, List.of(slots), "1");
    }

    private static Position slot(int[] actions, double[] p, Double reward) {
        return new Position(actions, p, reward);
    }

    /**
     * Three rewarded decisions and one without any reward (skipped). Slot arrays list the open
     * candidates, the chosen one first.
     * <pre>
     * d1: slot 0 b of abc, mu 0.5,  r 1;  slot 1 a of {a,c}, mu 0.4, r 0
     * d2: slot 0 a of abc, mu 0.25, r 0;  slot 1 c of {b,c}, mu 0.4, r 0.5
     * d3: slot 0 b of abc, mu 0.4,  r 0;  slot 1 c of {a,c}, mu 0.5, no reward (counts 0)
     * </pre>
     */
    private static List<LoggedSlate> handLog() {
        return List.of(
                slate(1, slot(new int[] {1, 0, 2}, new double[] {0.5, 0.25, 0.25}, 1.0),
                        slot(new int[] {0, 2}, new double[] {0.4, 0.6}, 0.0)),
                slate(2, slot(new int[] {0, 1, 2}, new double[] {0.25, 0.5, 0.25}, 0.0),
                        slot(new int[] {2, 1}, new double[] {0.4, 0.6}, 0.5)),
                slate(3, slot(new int[] {1, 0, 2}, new double[] {0.4, 0.3, 0.3}, 0.0),
                        slot(new int[] {2, 0}, new double[] {0.5, 0.5}, null)),
                slate(4, slot(new int[] {2, 0, 1}, new double[] {0.5, 0.25, 0.25}, null),
                        slot(new int[] {1, 0}, new double[] {0.5, 0.5}, null)));
    }

    private static LogEvaluation.Candidate candidate(Policy policy) {
        return new LogEvaluation.Candidate(policy.name(), policy, new MeanModel());
    }

    private static SlateEvaluation.Result evaluate(List<LoggedSlate> log, Policy policy) {
        // prior strength 0: the reward model is the plain mean of each (bucket, arm) cell
        return SlateEvaluation.evaluate(log, candidate(policy), SETTINGS, List.of("device"), 0);
    }

    private static Estimate find(List<Estimate> estimates, String name) {
        return estimates.stream().filter(e -> e.estimator().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void eachSlotIsWeightedByItsConditionalProbabilities() {
        SlateEvaluation.Result r = evaluate(handLog(), FIRST_SIXTY);

        assertThat(r.decisions()).isEqualTo(4);
        assertThat(r.unrewarded()).isEqualTo(1);
        assertThat(r.unlabelled()).isEqualTo(1);
        assertThat(r.slots()).hasSize(2);
        // slot 0, open abc: pi = (a 0.6, b 0.2, c 0.2); w = 0.2/0.5, 0.6/0.25, 0.2/0.4
        // = 0.4, 2.4, 0.5; r = 1, 0, 0
        List<Estimate> slot0 = r.slots().get(0).estimates();
        assertThat(r.slots().get(0).decisions()).isEqualTo(3);
        assertThat(find(slot0, "IPS").value()).isCloseTo(0.4 / 3, within(EXACT));
        assertThat(find(slot0, "SNIPS").value()).isCloseTo(0.4 / 3.3, within(EXACT));
        // every weight capped at M = 0.3: 0.3 * 1 / 3
        assertThat(find(slot0, "clipped-IPS(M=0.3)").value()).isCloseTo(0.1, within(EXACT));
        // Kish: 3.3^2 / (0.16 + 5.76 + 0.25)
        assertThat(find(slot0, "IPS").effectiveSampleSize())
                .isCloseTo(10.89 / 6.17, within(1e-9));
        // cell means: q(a) = 0, q(b) = (1 + 0) / 2 = 0.5, q(c) none -> global 1/3;
        // DM = 0.6 * 0 + 0.2 * 0.5 + 0.2 / 3 = 1/6 in every decision
        assertThat(find(slot0, "DM").value()).isCloseTo(1 / 6.0, within(EXACT));
        // DR adds w (r - q): 0.4 * 0.5 + 2.4 * 0 + 0.5 * (-0.5) = -0.05; 1/6 - 0.05 / 3
        assertThat(find(slot0, "DR").value()).isCloseTo(0.15, within(EXACT));

        // slot 1: d1 open {a,c}, pi(a) = 0.6, w = 1.5; d2 {b,c}, pi(c) = 0.4, w = 1;
        // d3 {a,c}, pi(c) = 0.4, w = 0.8; r = 0, 0.5, 0 (d3 unlabelled)
        List<Estimate> slot1 = r.slots().get(1).estimates();
        assertThat(find(slot1, "IPS").value()).isCloseTo(0.5 / 3, within(EXACT));
        assertThat(find(slot1, "SNIPS").value()).isCloseTo(0.5 / 3.3, within(EXACT));
        assertThat(find(slot1, "clipped-IPS(M=0.3)").value())
                .isCloseTo(0.3 * 0.5 / 3, within(EXACT));
        // q(a) = 0, q(c) = (0.5 + 0) / 2 = 0.25, q(b) none -> global 1/6;
        // DM per decision: 0.4 * 0.25 = 0.1; 0.6 / 6 + 0.4 * 0.25 = 0.2; 0.1 -> 0.4 / 3
        assertThat(find(slot1, "DM").value()).isCloseTo(0.4 / 3, within(EXACT));
        // DR: 0.1 + 0; 0.2 + 1 * 0.25; 0.1 + 0.8 * (-0.25) -> (0.1 + 0.45 - 0.1) / 3
        assertThat(find(slot1, "DR").value()).isCloseTo(0.15, within(EXACT));
        assertThat(slot0).extracting(Estimate::status)
                .containsOnly(Estimate.Status.LOW_SUPPORT);
    }

    @Test
    void theWholeSlateIsWeightedByTheProductOfItsSlots() {
        SlateEvaluation.Result r = evaluate(handLog(), FIRST_SIXTY);

        // mu(S) = 0.5*0.4, 0.25*0.4, 0.4*0.5 = 0.2, 0.1, 0.2;
        // pi(S) = 0.2*0.6, 0.6*0.4, 0.2*0.4 = 0.12, 0.24, 0.08; W = 0.6, 2.4, 0.4;
        // R = 1 + 0, 0 + 0.5, 0 + 0 = 1, 0.5, 0
        List<Estimate> slate = r.slate();
        assertThat(find(slate, "IPS").value()).isCloseTo((0.6 + 1.2) / 3, within(EXACT));
        assertThat(find(slate, "SNIPS").value()).isCloseTo(1.8 / 3.4, within(EXACT));
        assertThat(find(slate, "clipped-IPS(M=0.3)").value())
                .isCloseTo((0.3 + 0.15) / 3, within(EXACT));
        // Kish: 3.4^2 / (0.36 + 5.76 + 0.16)
        assertThat(find(slate, "IPS").effectiveSampleSize())
                .isCloseTo(11.56 / 6.28, within(1e-9));
        assertThat(find(slate, "IPS").status()).isEqualTo(Estimate.Status.LOW_SUPPORT);
        for (String name : List.of("DM", "DR", "PI")) {
            assertThat(find(slate, name).status()).isEqualTo(Estimate.Status.NOT_APPLICABLE);
            assertThat(find(slate, name).note()).contains("marginals");
        }
    }

    @Test
    void intervalsAreTheSingleDecisionBootstrapOverDecisions() {
        SlateEvaluation.Result r = evaluate(handLog(), FIRST_SIXTY);
        OffPolicyEvaluator evaluator = new OffPolicyEvaluator(SETTINGS);
        // the same rounds by hand, one per decision: (chosen, mu, reward, pi)
        List<Round> slot0 = List.of(Round.of(0, 0.5, 1, 0.2), Round.of(0, 0.25, 0, 0.6),
                Round.of(0, 0.4, 0, 0.2));
        List<Round> slates = List.of(Round.of(0, 0.2, 1, 0.12), Round.of(0, 0.1, 0.5, 0.24),
                Round.of(0, 0.2, 0, 0.08));

        Estimate slotIps = find(r.slots().get(0).estimates(), "IPS");
        Estimate slateSnips = find(r.slate(), "SNIPS");
        Estimate bySlot = evaluator.evaluate(slot0, Estimator.IPS);
        Estimate bySlate = evaluator.evaluate(slates, Estimator.SNIPS);

        assertThat(slotIps.lower()).isCloseTo(bySlot.lower(), within(EXACT));
        assertThat(slotIps.upper()).isCloseTo(bySlot.upper(), within(EXACT));
        assertThat(slateSnips.lower()).isCloseTo(bySlate.lower(), within(EXACT));
        assertThat(slateSnips.upper()).isCloseTo(bySlate.upper(), within(EXACT));
        assertThat(slotIps.lower()).isLessThan(slotIps.upper());
    }

    @Test
    void aPolicyThatNeverChoosesTheLoggedArmsHasNoSupportNotZero() {
        // slot 0's logged arms are b, a, b: "first" picks a, so d2 alone is supported there;
        // slot 1's arms a, c, c of {a,c}, {b,c}, {a,c}: first picks a, b, a -> d1 alone; no
        // decision has both, so no whole slate is supported
        SlateEvaluation.Result r = evaluate(handLog(), FIRST);

        // slot 0: d2 alone has weight 1 / 0.25 = 4, and its reward 0: a supported 0
        assertThat(find(r.slots().get(0).estimates(), "IPS").value()).isZero();
        assertThat(find(r.slots().get(0).estimates(), "IPS").available()).isTrue();
        for (Estimator e : EnumSet.of(Estimator.IPS, Estimator.SNIPS)) {
            Estimate slate = find(r.slate(), e.label());
            assertThat(slate.status()).isEqualTo(Estimate.Status.NO_SUPPORT);
            assertThat(slate.available()).isFalse();
        }
    }

    @Test
    void aSlateWeightBeyondDoubleArithmeticIsNotApplicableWithTheReason() {
        // two slots logged at 1e-200 each: W = (1/3 * 1/2) / 1e-400, about e^919
        List<LoggedSlate> log = List.of(slate(1,
                slot(new int[] {0, 1, 2}, new double[] {1e-200, 0.5, 0.5}, 1.0),
                slot(new int[] {1, 2}, new double[] {1e-200, 1}, 1.0)));

        SlateEvaluation.Result r = SlateEvaluation.evaluate(log,
                Candidates.create("uniform", PolicySpec.parse("uniform"), List.of("device")),
                SETTINGS, List.of("device"), 0);

        Estimate ips = find(r.slate(), "IPS");
        assertThat(ips.status()).isEqualTo(Estimate.Status.NOT_APPLICABLE);
        assertThat(ips.note()).contains("d1").contains("e^9");
    }

    @Test
    void theCandidateLearnsFromTheSlatesReplayAccepts() {
        List<LoggedSlate> log = new ArrayList<>(handLog());
        // uniform: pi(S) = 1/3 * 1/2 for every slate; mu(S) = 0.2, 0.1, 0.2; mu_min = 0.1
        double[] mu = {0.2, 0.1, 0.2};
        ReplaySampler sampler = new ReplaySampler(SETTINGS.seed(), 1);
        int accepted = 0;
        for (int t = 0; t < mu.length; t++) {
            accepted += sampler.accepts(t, (1 / 6.0) * 0.1 / mu[t], 1) ? 1 : 0;
        }

        SlateEvaluation.Result r = SlateEvaluation.evaluate(log,
                Candidates.create("uniform", PolicySpec.parse("uniform"), List.of("device")),
                SETTINGS, List.of("device"), 0);

        assertThat(r.learned()).isEqualTo(accepted);
    }

    @Test
    void oneSlotSlatesGiveWhatTheSingleDecisionEvaluationGives() {
        List<LoggedDecision> decisions = new ArrayList<>();
        double[][] p = {{0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.1, 0.8, 0.1}};
        int[] chosen = {0, 2, 1};
        double[] reward = {1, 0, 1};
        for (int t = 0; t < 3; t++) {
            Instant at = Instant.parse("2024-01-01T10:00:00Z").plusSeconds(t);
            decisions.add(new LoggedDecision("e" + t, at, context(at), ARMS, chosen[t], p[t],
                    reward[t], null));
        }
        List<LoggedSlate> slates = decisions.stream().map(LoggedSlate::of).toList();

        LogEvaluation.Result single = LogEvaluation.evaluate(decisions,
                candidate(FIRST_SIXTY), SETTINGS, List.of("device"), 0);
        SlateEvaluation.Result slate = evaluate(slates, FIRST_SIXTY);

        assertThat(slates.stream().map(LoggedSlate::decision).toList())
                .usingRecursiveFieldByFieldElementComparator().isEqualTo(decisions);
        for (String name : List.of("IPS", "SNIPS", "DM", "DR")) {
            Estimate a = find(single.estimates(), name);
            Estimate b = find(slate.slots().get(0).estimates(), name);
            assertThat(b.value()).as(name).isCloseTo(a.value(), within(EXACT));
            assertThat(b.lower()).as(name).isCloseTo(a.lower(), within(EXACT));
        }
        assertThat(find(slate.slate(), "IPS").value()).isCloseTo(
                find(single.estimates(), "IPS").value(), within(EXACT));
    }

    @Test
    void thirtyEffectiveDecisionsAreOkAndFewerLowSupport() {
        // uniform on a uniform log: every weight is 1, so the ESS is the number of decisions
        List<LoggedSlate> log = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            log.add(slate(t, slot(new int[] {t % 3, (t + 1) % 3, (t + 2) % 3},
                    new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, (double) (t % 2)),
                    slot(new int[] {(t + 1) % 3, (t + 2) % 3}, new double[] {0.5, 0.5}, 1.0)));
        }

        Policy uniform = Policies.create(new PolicySettings("uniform", Map.of()));
        SlateEvaluation.Result thirty = evaluate(log, uniform);
        SlateEvaluation.Result fewer = evaluate(log.subList(0, 29), uniform);

        Estimate ips = find(thirty.slate(), "IPS");
        assertThat(ips.effectiveSampleSize()).isCloseTo(30, within(1e-9));
        assertThat(ips.status()).isEqualTo(Estimate.Status.OK);
        // mean of (t % 2) + 1 over t = 0..29
        assertThat(ips.value()).isCloseTo(1.5, within(EXACT));
        assertThat(find(fewer.slate(), "IPS").status())
                .isEqualTo(Estimate.Status.LOW_SUPPORT);
        assertThat(find(thirty.slots().get(1).estimates(), "SNIPS").status())
                .isEqualTo(Estimate.Status.OK);
    }

    @Test
    void aFixedFirstSlotLeavesTheCandidatesOtherFirstArmsUnsupported() {
        // d1 was served by a fixed variant: b first with probability 1, (b, a, c) logged as
        // (1, 0, 0); d2 logged every first arm with a positive probability
        List<LoggedSlate> log = List.of(
                slate(1, slot(new int[] {1, 0, 2}, new double[] {1, 0, 0}, 1.0),
                        slot(new int[] {0, 2}, new double[] {0.5, 0.5}, 0.0)),
                slate(2, slot(new int[] {0, 1, 2}, new double[] {0.5, 0.25, 0.25}, 0.0),
                        slot(new int[] {2, 1}, new double[] {0.5, 0.5}, 0.5)));

        SlateEvaluation.Result r = evaluate(log, FIRST_SIXTY);

        // slot 0, pi = (a 0.6, b 0.2, c 0.2): d1 leaves a and c unsupported, 0.8; d2 none
        List<Estimate> slot0 = r.slots().get(0).estimates();
        for (String name : List.of("IPS", "clipped-IPS(M=0.3)", "SNIPS", "DR")) {
            assertThat(find(slot0, name).unsupportedShare()).as(name)
                    .isCloseTo(0.4, within(EXACT));
            assertThat(find(slot0, name).status()).as(name)
                    .isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        }
        // w = 0.2 / 1 and 0.6 / 0.5, r = 1 and 0: (0.2 + 0) / 2
        assertThat(find(slot0, "IPS").value()).isCloseTo(0.1, within(EXACT));
        assertThat(find(slot0, "DM").status()).isEqualTo(Estimate.Status.LOW_SUPPORT);
        assertThat(find(slot0, "DM").note()).contains("extrapolates: 40.0%");
        // slot 1: both logged vectors are positive everywhere
        List<Estimate> slot1 = r.slots().get(1).estimates();
        assertThat(find(slot1, "IPS").unsupportedShare()).isZero();
        assertThat(find(slot1, "IPS").status()).isEqualTo(Estimate.Status.LOW_SUPPORT);
        // whole slate: d1 1 - (1 - 0.8)(1 - 0) = 0.8, d2 0
        for (String name : List.of("IPS", "clipped-IPS(M=0.3)", "SNIPS")) {
            Estimate e = find(r.slate(), name);
            assertThat(e.unsupportedShare()).as(name).isCloseTo(0.4, within(EXACT));
            assertThat(e.status()).as(name).isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        }
    }
}
