package dev.bandstand.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HashingFeatureEncoderTest {

    private final ContextFactory contexts = new ContextFactory(PartsOfDay.defaults());
    private final Context night = contexts.create("2026-06-15T01:00:00Z", "UTC", "tv", null,
            Map.of("age", 30));
    private final Context morning = contexts.create("2026-06-15T08:00:00Z", "UTC", "tv", null,
            Map.of("age", 30));

    private static HashingFeatureEncoder encoder(int d, boolean armId, List<String> context,
            Map<String, Double> scale) {
        return new HashingFeatureEncoder(new FeatureSettings(d, armId, context, scale));
    }

    private static Arm track(String id) {
        return new Arm(id, Map.of("tempo", 120.0, "genre", "rock",
                "tags", List.of("comedy", "smiling-face")));
    }

    @Test
    void stableHashMatchesPublishedFnvAndSplitMixVectors() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (Fowler-Noll-Vo test vectors); SplitMix64
        // seeded with 0 first returns 0xe220a8397b1dcdaf (Vigna's reference splitmix64.c).
        assertThat(StableHash.mix(0x9e3779b97f4a7c15L)).isEqualTo(0xe220a8397b1dcdafL);
        assertThat(StableHash.of("a")).isEqualTo(StableHash.mix(0xaf63dc4c8601ec8cL ^ 1));
    }

    @Test
    void vectorIsTheSameInEveryRun() {
        HashingFeatureEncoder encoder = encoder(16, true, List.of("partOfDay"),
                Map.of("tempo", 200.0));

        double[] x = encoder.encode(night, track("t1"));

        // Regression fingerprint recorded from this implementation: a change means stored
        // linear statistics would no longer line up with the features they were learned on.
        assertThat(fingerprint(x))
                .isEqualTo("0:0.6 1:-1.0 2:1.0 4:1.0 9:1.0 10:-1.6 13:2.0 14:1.0");
    }

    private static String fingerprint(double[] x) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < x.length; i++) {
            if (x[i] != 0) {
                sb.append(i).append(':').append(x[i]).append(' ');
            }
        }
        return sb.toString().strip();
    }

    @Test
    void featureOrderDoesNotChangeAnyBit() {
        Map<String, Object> forward = new LinkedHashMap<>();
        Map<String, Object> backward = new LinkedHashMap<>();
        String[] names = {"a", "b", "c", "d", "e", "f", "g", "h"};
        for (int i = 0; i < names.length; i++) {
            forward.put(names[i], 0.1 * (i + 1));
            backward.put(names[names.length - 1 - i], 0.1 * (names.length - i));
        }
        HashingFeatureEncoder encoder = encoder(2, false, List.of("partOfDay"), Map.of());

        double[] x = encoder.encode(night, new Arm("x", forward));
        double[] y = encoder.encode(night, new Arm("x", backward));

        assertThat(Arrays.equals(x, y)).isTrue();
    }

    @Test
    void numericFeaturesAreDividedByTheirScale() {
        HashingFeatureEncoder encoder = encoder(4096, false, List.of(), Map.of("tempo", 200.0));

        double[] x = encoder.encode(night, new Arm("t", Map.of("tempo", 120.0)));

        assertThat(Arrays.stream(x).map(Math::abs).filter(v -> v != 0))
                .containsExactlyInAnyOrder(1.0, 0.6);
    }

    @Test
    void contextCrossingSeparatesPartsOfDay() {
        HashingFeatureEncoder crossed = encoder(64, true, List.of("partOfDay"), Map.of());
        HashingFeatureEncoder plain = encoder(64, true, List.of(), Map.of());

        assertThat(crossed.encode(night, track("t1")))
                .isNotEqualTo(crossed.encode(morning, track("t1")));
        assertThat(plain.encode(night, track("t1")))
                .isEqualTo(plain.encode(morning, track("t1")));
    }

    @Test
    void armIdTellsFeaturelessArmsApartOnlyWhenEnabled() {
        HashingFeatureEncoder withId = encoder(64, true, List.of("device"), Map.of());
        HashingFeatureEncoder withoutId = encoder(64, false, List.of("device"), Map.of());

        assertThat(withId.encode(night, Arm.of("a")))
                .isNotEqualTo(withId.encode(night, Arm.of("b")));
        assertThat(withoutId.encode(night, Arm.of("a")))
                .isEqualTo(withoutId.encode(night, Arm.of("b")));
    }

    @Test
    void numericContextFeatureIsCrossedByValue() {
        HashingFeatureEncoder encoder = encoder(4096, false, List.of("age"),
                Map.of("age", 10.0, "tempo", 200.0));

        double[] x = encoder.encode(night, new Arm("t", Map.of("tempo", 100.0)));

        // bias 1, tempo 0.5, age x bias = 3, age x tempo = 3 * 0.5
        assertThat(Arrays.stream(x).map(Math::abs).filter(v -> v != 0))
                .containsExactlyInAnyOrder(1.0, 0.5, 3.0, 1.5);
    }

    @Test
    void describeNamesTheFeaturesOnASlotWithTheirSign() {
        HashingFeatureEncoder encoder = encoder(4096, true, List.of("partOfDay"), Map.of());
        Arm arm = new Arm("poster-2", Map.of("tags", List.of("comedy")));

        double[] x = encoder.encode(night, arm);

        String all = "";
        for (int i = 0; i < x.length; i++) {
            String names = encoder.describe(i);
            if (x[i] == 0) {
                assertThat(names).isEqualTo("(no feature seen)");
            } else {
                assertThat(names).doesNotContain(",").startsWith(x[i] > 0 ? "+" : "-");
                all += names.substring(1) + ";";
            }
        }
        assertThat(all.split(";")).containsExactlyInAnyOrder("bias", "arm=poster-2",
                "tags=comedy", "partOfDay=night", "partOfDay=night x arm=poster-2",
                "partOfDay=night x tags=comedy");
    }

    @Test
    void describeRejectsAnIndexOutOfRange() {
        HashingFeatureEncoder encoder = encoder(8, true, List.of(), Map.of());

        assertThatThrownBy(() -> encoder.describe(8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index");
    }

    @Test
    void everyEntryIsFiniteOrTheArmIsRejected() {
        HashingFeatureEncoder encoder = encoder(8, true, List.of("device"),
                Map.of("tempo", 1e-300));

        double[] ok = encoder.encode(night, track("t1"));

        assertThat(Arrays.stream(ok).allMatch(Double::isFinite)).isTrue();
        assertThatThrownBy(() -> encoder.encode(night,
                new Arm("loud", Map.of("tempo", 1e300))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loud")
                .hasMessageContaining("tempo");
    }

    @Test
    void signedHashingRoughlyPreservesTheSquaredNorm() {
        HashingFeatureEncoder encoder = encoder(1024, true, List.of("partOfDay", "device"),
                Map.of());
        Map<String, Object> features = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            features.put("f" + i, "v" + i);
        }

        double[] x = encoder.encode(night, new Arm("x", features));

        // 22 arm terms, each crossed with two context values: 66 unit terms. Collisions in
        // 1024 slots are rare, so the squared norm stays within a few units of 66.
        double squaredNorm = Arrays.stream(x).map(v -> v * v).sum();
        assertThat(squaredNorm).isCloseTo(66.0, within(8.0));
    }
}
