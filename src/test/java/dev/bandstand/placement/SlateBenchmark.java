package dev.bandstand.placement;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.HashingFeatureEncoder;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Models;
import dev.bandstand.policy.Policies;
import dev.bandstand.policy.Update;
import dev.bandstand.store.Slot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * A playlist: a slate of 25 tracks from 1,000 candidates, slot by slot (probabilities over
 * the open candidates, a draw, the next slot without it), with a linear policy at d = 32
 * hashed features, on a model warmed with 5,000 rewards; with and without one track per
 * artist.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SlateBenchmark {

    private static final Instant NOW = Instant.parse("2026-03-02T07:00:00Z");

    /** Policy type. */
    @Param({"linucb", "linear-thompson"})
    public String type;

    /** Most tracks per artist: 1, or 1000 for no effective limit. */
    @Param({"1", "1000"})
    public int maxPerArtist;

    private Placement placement;
    private List<Arm> tracks;
    private Context context;
    private SlateRules rules;
    private SplittableRandom random;

    /** Builds and warms the placement. */
    @Setup
    public void setUp() {
        FeatureSettings features = new FeatureSettings(FeatureSettings.DEFAULT_DIMENSIONS, true,
                List.of("device", "activity"), Map.of());
        PlacementSettings settings = new PlacementSettings("playlist",
                new PolicySettings(type, Map.of()), List.of(), Duration.ofMinutes(10), null, 0,
                1, List.of(), 1, 1000, 25, null, features);
        HashingFeatureEncoder encoder = new HashingFeatureEncoder(features);
        Model model = Models.create(settings, encoder);
        placement = new Placement(settings, Policies.create(settings.policy()), model, encoder);
        tracks = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            tracks.add(new Arm("track-" + i, Map.of("artist", "artist-" + (i % 300),
                    "tempo", 60.0 + (i % 120), "tags", List.of("mood-" + (i % 7)))));
        }
        context = new Context(NOW, ZoneId.of("Europe/Berlin"), 8, "morning", "weekday",
                DayOfWeek.MONDAY, "phone", "running", Map.of());
        random = new SplittableRandom(3);
        for (int i = 0; i < 5_000; i++) {
            Arm arm = tracks.get(random.nextInt(tracks.size()));
            Update update = model.updateFor(context, arm);
            Slot slot = new Slot(arm.id(), 0.5, update);
            placement.decided("bench", List.of(slot), 1);
            placement.rewarded(update, random.nextDouble() < 0.3 ? 1 : 0, 1);
        }
        rules = new SlateRules(Set.of(), "artist", maxPerArtist);
    }

    /** One playlist of 25 tracks. */
    @Benchmark
    public Placement.Slate playlist() {
        return placement.choose(context, tracks, 25, NOW, random, rules);
    }
}
