package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.PolicySettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoliciesTest {

    @Test
    void everyTypeBuildsWithItsDefaults() {
        for (String type : Policies.types()) {
            Policy policy = Policies.create(new PolicySettings(type, Map.of()));

            assertThat(policy.name()).isEqualTo(type);
        }
        assertThat(Policies.types()).containsExactly("uniform", "epsilon-greedy", "ucb1",
                "thompson", "softmax", "linucb", "linear-thompson");
    }

    @Test
    void everyPolicyReturnsAProbabilityVector() {
        Estimates e = new FixedEstimates(new double[] {0.2, 0.6, 0.6, 0.1},
                new double[] {5, 3, 3, 1}, new double[] {0, 1, 0, 2});
        for (String type : Policies.types()) {
            Policy policy = Policies.create(new PolicySettings(type, Map.of("floor", 0.05)));

            double[] p = policy.probabilities(e, new SplittableRandom(1));

            assertThat(p).as(type).hasSize(4);
            assertThat(Arrays.stream(p).sum()).as(type).isBetween(1 - 1e-9, 1 + 1e-9);
            // floor 0.05 over 4 arms: nobody below 0.0125
            assertThat(Arrays.stream(p).boxed()).as(type)
                    .allMatch(x -> x >= 0.0125 - 1e-15 && x <= 1);
        }
    }

    @Test
    void unknownTypeIsRejectedWithTheAllowedTypes() {
        assertThatThrownBy(() -> Policies.create(new PolicySettings("greedy", Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'greedy'").hasMessageContaining("epsilon-greedy");
    }

    @Test
    void valuesOutOfRangeAreRejectedWithNameValueAndRange() {
        List<Object[]> bad = List.of(
                new Object[] {"epsilon-greedy", "epsilon", 1.5, "[0.0, 1.0]"},
                new Object[] {"ucb1", "c", -1.0, "[0.0, infinity)"},
                new Object[] {"softmax", "temperature", 0.0, "(0.0, infinity)"},
                new Object[] {"thompson", "draws", 10.5, "whole numbers"},
                new Object[] {"thompson", "draws", 0.0, "[1, 100000]"},
                new Object[] {"linucb", "lambda", 0.0, "[1.0E-6, 1000000.0]"},
                new Object[] {"linear-thompson", "v", Double.NaN, "[0.0, infinity)"},
                new Object[] {"uniform", "floor", 1.0, "[0.0, 1.0)"});
        for (Object[] b : bad) {
            PolicySettings s = new PolicySettings((String) b[0], Map.of((String) b[1],
                    (Double) b[2]));

            assertThatThrownBy(() -> Policies.create(s)).as("%s", b[1])
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parameter " + b[1])
                    .hasMessageContaining("was " + b[2])
                    .hasMessageContaining((String) b[3]);
        }
    }

    @Test
    void parametersOfAnotherTypeAreRejected() {
        PolicySettings s = new PolicySettings("ucb1", Map.of("epsilon", 0.1));

        assertThatThrownBy(() -> Policies.create(s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'epsilon'").hasMessageContaining("c");
    }

    @Test
    void modelsFollowThePolicyType() {
        Model tabular = Models.create(Fixtures.placement("thompson", Map.of()), null);
        Model linear = Models.create(Fixtures.placement("linucb", Map.of()),
                new VectorEncoder(4));

        assertThat(tabular).isInstanceOf(TabularModel.class);
        assertThat(linear).isInstanceOf(LinearModel.class);
        assertThatThrownBy(() -> Models.create(Fixtures.placement("linear-thompson",
                Map.of()), null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encoder");
    }
}
