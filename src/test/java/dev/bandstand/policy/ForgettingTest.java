package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForgettingTest {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void weightDoublesAndFactorHalvesEveryHalfLife() {
        Forgetting f = Forgetting.of(Duration.ofDays(1), EPOCH);

        assertThat(f.weight(EPOCH)).isEqualTo(1.0);
        assertThat(f.weight(EPOCH.plus(Duration.ofDays(3)))).isCloseTo(8.0, within(1e-12));
        assertThat(f.factor(EPOCH.plus(Duration.ofHours(12))))
                .isCloseTo(1 / Math.sqrt(2), within(1e-15));
    }

    @Test
    void anObservationOneHalfLifeOldCountsHalf() {
        Forgetting f = Forgetting.of(Duration.ofHours(2), EPOCH);
        Instant decided = EPOCH.plus(Duration.ofDays(10));

        double read = f.weight(decided) * f.factor(decided.plus(Duration.ofHours(2)));

        assertThat(read).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void noForgettingWeighsEverythingOne() {
        Forgetting f = Forgetting.none();

        assertThat(f.weight(Instant.parse("2100-01-01T00:00:00Z"))).isEqualTo(1.0);
        assertThat(f.factor(Instant.EPOCH)).isEqualTo(1.0);
        assertThat(f.enabled()).isFalse();
    }

    @Test
    void refusesTimesTooManyHalfLivesFromTheEpochAndSaysToRebase() {
        Forgetting f = Forgetting.of(Duration.ofHours(1), EPOCH);
        Instant far = EPOCH.plus(Duration.ofHours(1001));

        assertThat(f.needsRebase(EPOCH.plus(Duration.ofHours(901)))).isTrue();
        assertThatThrownBy(() -> f.weight(far)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("re-base");
    }

    @Test
    void aRebasedModelReadsTheSameStatistics() {
        Forgetting old = Forgetting.of(Duration.ofHours(1), EPOCH);
        Instant now = EPOCH.plus(Duration.ofHours(500));
        Instant newEpoch = now.minus(Duration.ofHours(10));
        Model model = new TabularModel(List.of(), 0, old);
        Context context = Fixtures.context();
        List<Arm> arms = Fixtures.arms(2);
        for (int i = 0; i < 20; i++) {
            Update u = model.updateFor(context, arms.get(i % 2));
            double w = old.weight(now.minus(Duration.ofMinutes(30L * i)));
            model.decided(u, w);
            model.rewarded(u, (i % 3) / 2.0, w);
        }
        Forgetting rebased = old.rebased(newEpoch);
        Model copy = new TabularModel(List.of(), 0, rebased);

        copy.load(old.rebase(model.sums(), newEpoch), model.version());

        Estimates a = model.estimates(context, arms, now);
        Estimates b = copy.estimates(context, arms, now);
        for (int i = 0; i < 2; i++) {
            assertThat(b.observations(i)).isCloseTo(a.observations(i), within(1e-9));
            assertThat(b.mean(i)).isCloseTo(a.mean(i), within(1e-12));
        }
        assertThat(rebased.weight(newEpoch)).isEqualTo(1.0);
    }

    @Test
    void rebaseKeepsPendingCounts() {
        Forgetting f = Forgetting.of(Duration.ofHours(1), EPOCH);

        Map<String, Double> out = f.rebase(Map.of("p|morning|a", 3.0, "n|morning|a", 8.0,
                "p", 2.0, "A|0|0", 4.0), EPOCH.plus(Duration.ofHours(2)));

        assertThat(out).containsEntry("p|morning|a", 3.0).containsEntry("p", 2.0)
                .containsEntry("n|morning|a", 2.0).containsEntry("A|0|0", 1.0);
    }

    @Test
    void anyEpochGivesTheSameForgottenWeightOfAnOldObservation() {
        // weight(t) * factor(now) = 2^(-(now - t) / h), whatever the epoch: 1.5 half-lives
        Duration h = Duration.ofHours(2);
        Instant t = Instant.parse("1997-06-03T10:00:00Z");
        Instant now = t.plus(Duration.ofHours(3));

        for (Instant epoch : new Instant[] {Instant.parse("1997-06-03T00:00:00Z"),
            Instant.parse("1997-06-04T00:00:00Z"), Instant.parse("1997-05-01T00:00:00Z")}) {
            Forgetting f = Forgetting.of(h, epoch);

            assertThat(f.weight(t) * f.factor(now)).isCloseTo(Math.pow(2, -1.5),
                    within(1e-12));
        }
        assertThatThrownBy(() -> Forgetting.of(h, Forgetting.DEFAULT_EPOCH).weight(t))
                .isInstanceOf(IllegalStateException.class);
    }
}
