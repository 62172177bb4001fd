package dev.bandstand.simulation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Policy;
import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import dev.bandstand.simulation.log.LoggedDecision;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogEvaluationTest {

    private static final List<Arm> ARMS = List.of(Arm.of("a"), Arm.of("b"));

    private static final Policy FIRST = FixedPolicy.FIRST;

    /** The highest mean, ties to the lower index. */
    private static final Policy GREEDY = new Policy() {
        @Override
        public String name() {
            return "greedy";
        }

        @Override
        public double[] probabilities(dev.bandstand.policy.Estimates e,
                java.util.random.RandomGenerator r) {
            int best = 0;
            for (int i = 1; i < e.size(); i++) {
                if (e.mean(i) > e.mean(best)) {
                    best = i;
                }
            }
            double[] p = new double[e.size()];
            p[best] = 1;
            return p;
        }
    };

    /** Uniform log over a and b: (chosen index, reward) pairs; a null reward is unrewarded. */
    private static List<LoggedDecision> log(Object... chosenAndReward) {
        List<LoggedDecision> out = new ArrayList<>();
        for (int k = 0; k < chosenAndReward.length; k += 2) {
            Instant at = Instant.parse("2024-01-01T10:00:00Z").plusSeconds(k);
            Context c = new Context(at, ZoneOffset.UTC, 10, "morning", "weekday",
                    DayOfWeek.MONDAY, "phone", "resting", Map.of());
            out.add(new LoggedDecision("e" + k, at, c, ARMS, (Integer) chosenAndReward[k],
                    new double[] {0.5, 0.5}, (Double) chosenAndReward[k + 1], null));
        }
        return out;
    }

    private static Estimate find(LogEvaluation.Result r, String name) {
        return r.estimates().stream().filter(e -> e.estimator().equals(name)).findFirst()
                .orElseThrow();
    }

    private static LogEvaluation.Result run(List<LoggedDecision> log, Policy policy) {
        return LogEvaluation.evaluate(log,
                new LogEvaluation.Candidate(policy.name(), policy, new MeanModel()),
                EstimatorSettings.defaults().withBootstrap(100),
                List.of("partOfDay", "device"), 0);
    }

    @Test
    void aFixedPolicyIsEvaluatedOnTheRewardedDecisions() {
        List<LoggedDecision> log = log(0, 1.0, 1, 0.0, 0, 0.0, 1, 1.0, 0, null);

        LogEvaluation.Result r = run(log, FIRST);

        assertThat(r.decisions()).isEqualTo(5);
        assertThat(r.unrewarded()).isEqualTo(1);
        // IPS: weights 2, 0, 2, 0 on rewards 1, 0, 0, 1 -> (2 + 0) / 4 = 0.5
        assertThat(find(r, "IPS").value()).isCloseTo(0.5, within(1e-12));
        // replay keeps rounds 0 and 2 (logged a): (1 + 0) / 2 = 0.5
        assertThat(find(r, "replay").value()).isCloseTo(0.5, within(1e-12));
        assertThat(r.learned()).isEqualTo(2);
        // DM: model per (morning/phone, arm) = a: (1 + 0) / 2, b: (0 + 1) / 2; target a -> 0.5
        assertThat(find(r, "DM").value()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void anAdaptivePolicyLearnsOnlyFromTheRoundsItWouldHaveSeen() {
        // Round 0 logs b (reward 1): greedy with no data picks a -> rejected, not learned.
        // Round 1 logs a (reward 0): greedy picks a -> accepted, a's mean becomes 0.
        // Round 2 logs b (reward 1): greedy now picks b (unseen, optimistic 1) -> accepted.
        // Round 3 logs a (reward 1): greedy picks b (mean 1) -> rejected.
        // Had round 0 been learned, greedy would pick b in round 1 and reject it.
        List<LoggedDecision> log = log(1, 1.0, 0, 0.0, 1, 1.0, 0, 1.0);

        LogEvaluation.Result r = run(log, GREEDY);

        assertThat(r.learned()).isEqualTo(2);
        // replay: accepted rounds 1 and 2, rewards 0 and 1 -> 0.5
        assertThat(find(r, "replay").value()).isCloseTo(0.5, within(1e-12));
        // IPS: target probabilities of the logged arms 0, 1, 1, 0; weight 2 each when 1:
        // (0 + 2*0 + 2*1 + 0) / 4 = 0.5
        assertThat(find(r, "IPS").value()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void aPolicyReturningAnInvalidDistributionIsAnError() {
        Policy broken = new Policy() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public double[] probabilities(dev.bandstand.policy.Estimates e,
                    java.util.random.RandomGenerator r) {
                return new double[] {0.7, 0.7};
            }
        };

        assertThatThrownBy(() -> run(log(0, 1.0), broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("summing to 1.4");
    }

    @Test
    void decisionsOfADeterministicLoggerLeaveAUniformTargetPartlyUnsupported() {
        // four arms, every reward 0.2; e0 and e1 logged uniformly, e2 and e3 by an
        // experiment's fixed variant, which logs (1, 0, 0, 0)
        List<Arm> arms = List.of(Arm.of("a"), Arm.of("b"), Arm.of("c"), Arm.of("d"));
        double[] uniform = {0.25, 0.25, 0.25, 0.25};
        double[][] logged = {uniform, uniform, {1, 0, 0, 0}, {1, 0, 0, 0}};
        int[] chosen = {0, 1, 0, 0};
        List<LoggedDecision> log = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Instant at = Instant.parse("2024-01-01T10:00:00Z").plusSeconds(t);
            Context c = new Context(at, ZoneOffset.UTC, 10, "morning", "weekday",
                    DayOfWeek.MONDAY, "phone", "resting", Map.of());
            log.add(new LoggedDecision("e" + t, at, c, arms, chosen[t], logged[t], 0.2, null));
        }
        Policy uniformPolicy = new FixedPolicy("uniform", n -> {
            double[] p = new double[n];
            java.util.Arrays.fill(p, 1.0 / n);
            return p;
        });

        LogEvaluation.Result r = run(log, uniformPolicy);

        // weights 1, 1, 0.25, 0.25: IPS = 0.2 * 2.5 / 4 = 0.125 against a true 0.2
        Estimate ips = find(r, "IPS");
        assertThat(ips.value()).isCloseTo(0.125, within(1e-12));
        // unsupported: 0, 0, 0.75, 0.75 -> mean 0.375
        assertThat(ips.unsupportedShare()).isCloseTo(0.375, within(1e-12));
        assertThat(ips.status()).isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        for (String name : List.of("SNIPS", "DR")) {
            assertThat(find(r, name).status()).as(name)
                    .isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        }
        assertThat(find(r, "clipped-IPS(M=100)").status())
                .isEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        Estimate dm = find(r, "DM");
        assertThat(dm.status()).isNotEqualTo(Estimate.Status.PARTIAL_SUPPORT);
        assertThat(dm.note()).contains("extrapolates");
    }
}
