package dev.bandstand.simulation.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.config.PolicySettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicySpecTest {

    @Test
    void aBareTypeHasNoParameters() {
        PolicySettings s = PolicySpec.parse("uniform");

        assertThat(s.type()).isEqualTo("uniform");
        assertThat(s.params()).isEmpty();
    }

    @Test
    void parametersFollowTheColon() {
        PolicySettings s = PolicySpec.parse("LinUCB:alpha=1.5, lambda=1");

        assertThat(s.type()).isEqualTo("linucb");
        assertThat(s.params()).isEqualTo(Map.of("alpha", 1.5, "lambda", 1.0));
    }

    @Test
    void badSpecsAreRejectedNamingThePart() {
        assertThatThrownBy(() -> PolicySpec.parse("epsilon-greedy:epsilon"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> PolicySpec.parse("epsilon-greedy:epsilon=lots"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lots");
        assertThatThrownBy(() -> PolicySpec.parse("softmax:t=1,t=2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> PolicySpec.parse(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }
}
