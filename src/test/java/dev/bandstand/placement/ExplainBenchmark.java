package dev.bandstand.placement;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.FeatureEncoder;
import dev.bandstand.context.HashingFeatureEncoder;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policies;
import dev.bandstand.store.Slot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision of a placement ({@link Placement#choose}: estimates, probabilities, draw and
 * updates) with and without explanations, on a model warmed with 2,000 rewards: 10 tagged
 * candidates, the hashing feature encoder at d = 32 for the linear policy, buckets part of
 * day x device x activity for the tabular ones.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExplainBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-02T08:00:00Z");

    /** Policy type. */
    @Param({"linucb", "thompson", "epsilon-greedy"})
    public String type;

    /** Whether the decision is explained. */
    @Param({"false", "true"})
    public boolean explain;

    private Placement placement;
    private List<Arm> arms;
    private List<Context> contexts;
    private SplittableRandom random;
    private int next;

    /** Builds and warms the placement. */
    @Setup
    public void setUp() {
        PlacementSettings settings = new PlacementSettings("bench",
                new PolicySettings(type, Map.of()), List.of(), Duration.ofMinutes(10), null, 0,
                1, List.of("partOfDay", "device", "activity"), 20, 100, 1, null,
                new FeatureSettings(32, true, List.of("partOfDay", "device"), Map.of()));
        FeatureEncoder encoder = settings.policy().linear()
                ? new HashingFeatureEncoder(settings.features()) : null;
        placement = new Placement(settings, Policies.create(settings.policy()),
                Models.create(settings, encoder), encoder);
        arms = new ArrayList<>();
        String[] tags = {"comedy", "action", "romance", "dark", "bright"};
        for (int i = 0; i < 10; i++) {
            arms.add(new Arm("art-" + i, Map.of("tags", List.of(tags[i % 5], tags[(i + 2) % 5]))));
        }
        contexts = new ArrayList<>();
        for (String part : List.of("morning", "evening")) {
            for (String device : List.of("phone", "tv")) {
                for (String activity : List.of("running", "resting")) {
                    contexts.add(new Context(NOW, ZoneId.of("Europe/Berlin"), 9, part,
                            "weekday", DayOfWeek.MONDAY, device, activity, Map.of()));
                }
            }
        }
        random = new SplittableRandom(1);
        for (int i = 0; i < 2_000; i++) {
            Context c = contexts.get(i & 7);
            Placement.Slate s = placement.choose(c, arms, 1, NOW, random);
            placement.decided("bench", s.slots(), 1);
            Slot slot = s.slots().get(0);
            placement.rewarded(slot.update(), random.nextDouble() < 0.3 ? 1 : 0, 1);
        }
    }

    /** One decision, explained or not. */
    @Benchmark
    public Placement.Slate decide() {
        Context c = contexts.get(next++ & 7);
        return placement.choose(c, arms, 1, NOW, random, SlateRules.NONE, Serving.POLICY,
                explain);
    }
}
