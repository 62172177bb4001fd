package dev.bandstand.placement;

import dev.bandstand.config.ExperimentSettings;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.policy.StatsFields;
import dev.bandstand.store.StatsStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** Engines on the in-memory store for experiment, mode and explanation tests. */
final class Engines {

    static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private Engines() {
    }

    static Placements engine(StatsStore store, PlacementSettings placement) {
        return Placements.create(settings(placement), store, CLOCK);
    }

    /** An engine that keeps its decisions in {@code journal}. */
    static Placements engine(StatsStore store, PlacementSettings placement,
            DecisionJournal journal) {
        return Placements.create(settings(placement), store, CLOCK, journal);
    }

    /** An engine that keeps its decisions in {@code journal} and reads {@code clock}. */
    static Placements engine(StatsStore store, PlacementSettings placement,
            DecisionJournal journal, Clock clock) {
        return Placements.create(settings(placement), store, clock, journal);
    }

    private static Settings settings(PlacementSettings placement) {
        return new Settings("127.0.0.1", 0, 1 << 20, new StoreSettings(null, "t",
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Duration.ofSeconds(1)),
                PartsOfDay.defaults(), List.of(placement));
    }

    /** A placement keyed on device only, rewards in [0, 1], slates up to 3. */
    static PlacementSettings placement(String policy, Map<String, Double> params,
            ExperimentSettings experiment) {
        return new PlacementSettings("art", new PolicySettings(policy, params), List.of(),
                Duration.ofMinutes(10), null, 0, 1, List.of("device"), 1, 10, 3, null,
                new FeatureSettings(16, true, List.of(), Map.of()), experiment);
    }

    static DecisionRequest request(String userId, String mode, boolean explain,
            String... arms) {
        return new DecisionRequest("art", NOW, ZoneId.of("Europe/Paris"), "phone", null,
                Map.of(), Arrays.stream(arms).map(Arm::of).toList(), userId, 1, null,
                SlateRules.NONE, mode, explain);
    }

    /** The sums a model learns from: every field but the experiment and mode counters. */
    static Map<String, Double> training(Map<String, Double> sums) {
        Map<String, Double> out = new TreeMap<>(sums);
        out.keySet().removeIf(StatsFields::isGroup);
        return out;
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
