package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Compares two sums maps, an absent field counting as 0. */
final class SumsAssert {

    private SumsAssert() {
    }

    static void sameSums(Map<String, Double> actual, Map<String, Double> expected) {
        Set<String> fields = new HashSet<>(actual.keySet());
        fields.addAll(expected.keySet());
        assertThat(fields).isNotEmpty();
        for (String field : fields) {
            double a = actual.getOrDefault(field, 0.0);
            double e = expected.getOrDefault(field, 0.0);
            assertThat(a).as(field).isCloseTo(e, within(1e-12 * Math.max(1, Math.abs(e))));
        }
    }
}
