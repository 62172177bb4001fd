package dev.bandstand.bench;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.FeatureEncoder;
import dev.bandstand.policy.Draw;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.Update;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/** What the benchmarks share: placements, contexts, arms, a warmed-up model. */
final class BenchFixtures {

    static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");
    static final List<String> BUCKETS = List.of("partOfDay", "device", "activity");

    private BenchFixtures() {
    }

    static PlacementSettings placement(String type) {
        return new PlacementSettings("bench", new PolicySettings(type, Map.of()), List.of(),
                Duration.ofMinutes(10), null, 0, 1, BUCKETS, 20, 1000, 10, null,
                new FeatureSettings(FeatureSettings.DEFAULT_DIMENSIONS, true, List.of(),
                        Map.of()));
    }

    static List<Context> contexts() {
        List<Context> out = new ArrayList<>();
        for (String part : List.of("morning", "evening")) {
            for (String device : List.of("phone", "tv")) {
                for (String activity : List.of("running", "resting")) {
                    out.add(new Context(NOW, ZoneId.of("Europe/Berlin"), 9, part, "weekday",
                            DayOfWeek.MONDAY, device, activity, Map.of()));
                }
            }
        }
        return out;
    }

    static List<Arm> arms(int k) {
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            arms.add(Arm.of("arm-" + i));
        }
        return arms;
    }

    /** A model that has seen {@code rounds} decisions with rewards, as a running service. */
    static Model warmModel(String type, List<Arm> arms, FeatureEncoder encoder, int rounds,
            long seed) {
        Model model = Models.create(placement(type), encoder, Forgetting.none());
        List<Context> contexts = contexts();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < rounds; i++) {
            Context c = contexts.get(random.nextInt(contexts.size()));
            Arm arm = arms.get(random.nextInt(arms.size()));
            Update u = model.updateFor(c, arm);
            model.decided(u, 1);
            model.rewarded(u, random.nextDouble() < 0.3 + 0.01 * (i % 7) ? 1 : 0, 1);
        }
        model.estimates(contexts.get(0), arms, NOW);
        return model;
    }

    /** One decision: estimates, probabilities, the draw. */
    static int choose(Model model, Policy policy, Context context, List<Arm> arms,
            RandomGenerator random) {
        Estimates e = model.estimates(context, arms, NOW);
        return Draw.index(policy.probabilities(e, random), random);
    }

    /**
     * Encoder with one fixed dense vector of d pseudo-random entries per arm, crossed with
     * the device; dense is the worst case for the model, a hashing encoder is sparser.
     */
    static final class DenseEncoder implements FeatureEncoder {
        private final int d;
        private final Map<String, double[]> vectors = new HashMap<>();

        DenseEncoder(int d, List<Arm> arms) {
            this.d = d;
            SplittableRandom random = new SplittableRandom(99);
            for (Arm arm : arms) {
                double[] x = new double[d];
                for (int j = 0; j < d; j++) {
                    x[j] = random.nextDouble() / Math.sqrt(d);
                }
                vectors.put(arm.id(), x);
            }
        }

        @Override
        public int dimensions() {
            return d;
        }

        @Override
        public double[] encode(Context context, Arm arm) {
            double[] x = vectors.get(arm.id()).clone();
            if (context.device().equals("tv")) {
                x[0] = 1;
            }
            return x;
        }

        @Override
        public String describe(int index) {
            return "x" + index;
        }
    }
}
