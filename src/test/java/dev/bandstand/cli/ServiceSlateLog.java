package dev.bandstand.cli;

import dev.bandstand.api.MutableClock;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.placement.Decision;
import dev.bandstand.placement.DecisionJournal;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.Placements;
import dev.bandstand.placement.RewardRequest;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.RotatingDecisionLog;
import dev.bandstand.store.InMemoryStatsStore;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Decision logs written by the service's own engine, decision journal and log writer, on the
 * in-memory store: decisions and rewards go through {@link Placements} as the HTTP API sends
 * them, and the reward waits end by a sweep, as on a running server.
 */
final class ServiceSlateLog {

    static final String PLACEMENT = "playlist";
    static final Instant T0 = Instant.parse("2024-03-04T07:00:00Z");
    private static final List<Arm> TRACKS = List.of(Arm.of("t1"), Arm.of("t2"), Arm.of("t3"),
            Arm.of("t4"));

    /** What is decided and rewarded. */
    interface Script {
        void play(Placements engine, SplittableRandom random) throws Exception;
    }

    private ServiceSlateLog() {
    }

    /**
     * Plays {@code script} on an engine for {@code settings} (whose placement must be
     * {@value #PLACEMENT}), ends every reward wait and returns {@code dir/playlist.dsjson}.
     */
    static Path write(Path dir, Settings settings, Script script) throws Exception {
        MutableClock clock = new MutableClock(T0);
        try (DecisionLogWriter writer = new DecisionLogWriter(dir,
                RotatingDecisionLog.Rotation.NONE, 1 << 20, 10_000, clock)) {
            DecisionJournal journal = DecisionJournal.writingTo(writer,
                    UserKeys.generated(new SecureRandom()));
            Placements engine = Placements.create(settings, new InMemoryStatsStore(), clock,
                    journal);
            script.play(engine, new SplittableRandom(11));
            // the waits end: the slots left without a reward are dropped and logged
            clock.advance(Duration.ofDays(1));
            await(engine.sweep(1000));
            writer.flush().get(5, TimeUnit.SECONDS);
        }
        return dir.resolve(PLACEMENT + ".dsjson");
    }

    /**
     * An epsilon-greedy playlist placement (epsilon 0.3, tabular, bucketed by device, no
     * default reward) that learns as it goes, so its logged probabilities vary. Request i
     * comes from a phone (even i) or a tv; every tenth asks for one track (a
     * contextual-bandit line), the others for two of four (CCB lines); requests 4, 14, 24, ...
     * get a reward for their first slot only, so their second is dropped (not reached).
     */
    static Path write(Path dir, int decisions) throws Exception {
        return write(dir, settings(), (engine, random) -> {
            for (int i = 0; i < decisions; i++) {
                String device = i % 2 == 0 ? "phone" : "tv";
                int count = i % 10 == 9 ? 1 : 2;
                Decision d = await(engine.decide(new DecisionRequest(PLACEMENT, T0,
                        ZoneId.of("Europe/Berlin"), device, "running", Map.of(), TRACKS,
                        null, count, null), random));
                int rewarded = count == 2 && i % 5 == 4 ? 1 : count;
                for (int k = 0; k < rewarded; k++) {
                    String arm = d.choices().get(k).armId();
                    await(engine.reward(new RewardRequest(d.eventId(), count == 1 ? null : arm,
                            reward(device, arm, k))));
                }
            }
        });
    }

    /** Phone runners like t1 and t2, tv viewers t3; a second slot pays half. */
    private static double reward(String device, String arm, int slot) {
        boolean liked = device.equals("phone") ? arm.equals("t1") || arm.equals("t2")
                : arm.equals("t3");
        return liked ? 1.0 / (slot + 1) : 0;
    }

    private static Settings settings() {
        PlacementSettings playlist = new PlacementSettings(PLACEMENT,
                new PolicySettings("epsilon-greedy", Map.of("epsilon", 0.3)), List.of(),
                Duration.ofMinutes(10), null, 0, 1, List.of("device"), 1, 10, 3, null,
                new FeatureSettings(16, true, List.of(), Map.of()));
        return new Settings("127.0.0.1", 0, 1 << 20, new StoreSettings(null, "t",
                Duration.ofSeconds(1), Duration.ofSeconds(1), 10, Duration.ofSeconds(1)),
                PartsOfDay.defaults(), List.of(playlist));
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.await(5, TimeUnit.SECONDS);
    }
}
