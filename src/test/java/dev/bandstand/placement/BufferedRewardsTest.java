package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.api.MutableClock;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.RotatingDecisionLog;
import dev.bandstand.store.ForwardingStore;
import dev.bandstand.store.InMemoryStatsStore;
import dev.bandstand.store.RewardOutcome;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's part in rewards a store buffers during an outage: it registers with the store,
 * neither logs nor learns a reward answered {@code QUEUED}, and when the store hands over the
 * outcome of its write logs it and learns it once, a late one with the slots it reached on a
 * line of its own and by reloading its model. The store here is the in-memory one behind a
 * stand-in for the Redis store's buffer, which hands on every outcome of every write, so that
 * the engine's own guard against a duplicate is tested too.
 */
class BufferedRewardsTest {

    private static final Instant NOW = Engines.NOW;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(NOW);
    private final SplittableRandom random = new SplittableRandom(3);
    private final InMemoryStatsStore memory = new InMemoryStatsStore();
    private final BufferingStore store = new BufferingStore(memory);
    private DecisionLogWriter writer;
    private Placements engine;

    @BeforeEach
    void start() {
        writer = new DecisionLogWriter(dir, RotatingDecisionLog.Rotation.NONE, 1 << 20, 100,
                Clock.systemUTC());
        DecisionJournal journal = DecisionJournal.writingTo(writer,
                UserKeys.generated(new SecureRandom()));
        PlacementSettings art = new PlacementSettings("art",
                new PolicySettings("uniform", Map.of()), List.of(), Duration.ofMinutes(10),
                0.0, 0, 1, List.of("device"), 1, 10, 3, null,
                new FeatureSettings(16, true, List.of(), Map.of()));
        engine = Engines.engine(store, art, journal, clock);
    }

    @AfterEach
    void stop() {
        writer.close();
    }

    @Test
    void theEngineRegistersWithItsStore() {
        assertThat(store.listener).isNotNull();
    }

    @Test
    void aBufferedRewardIsLoggedAndLearnedOnceWhenTheStoreHasWrittenIt() throws Exception {
        Decision decision = await(engine.decide(request(1), random));
        String id = decision.eventId();
        store.down = true;

        await(engine.reward(new RewardRequest(id, null, 1)));
        List<LoggedDecision> whileQueued = logged();
        long versionWhileQueued = await(engine.report("art")).modelVersion();
        store.write();
        store.write();
        List<LoggedDecision> lines = logged();

        assertThat(whileQueued).isEmpty();
        // decided only: the queued reward taught the model nothing yet
        assertThat(versionWhileQueued).isEqualTo(1);
        assertThat(store.handed).extracting(RewardOutcome::status).containsExactly(
                RewardOutcome.Status.APPLIED, RewardOutcome.Status.DUPLICATE);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.eventId()).isEqualTo(id);
            assertThat(line.reward()).isEqualTo(1.0);
            // uniform over a and b
            assertThat(line.propensity()).isEqualTo(0.5);
        });
        // decided and rewarded once, as the store counted
        assertThat(await(engine.report("art")).modelVersion()).isEqualTo(2)
                .isEqualTo(await(memory.snapshot("art")).version());
    }

    @Test
    void aLateBufferedRewardGetsALineOfItsOwnWithTheSlotItReachedAndReloadsTheModel()
            throws Exception {
        Decision slate = await(engine.decide(request(3), random));
        String id = slate.eventId();
        String third = slate.choices().get(2).armId();
        store.down = true;
        await(engine.reward(new RewardRequest(id, third, 1)));

        // another instance would sweep while this one's buffer holds the reward
        clock.advance(Duration.ofMinutes(11));
        await(engine.sweep(100));
        List<LoggedDecision> swept = logged();
        store.write();
        store.write();
        // the late reward's line goes out a minute after the end of the wait
        clock.advance(Duration.ofMinutes(1));
        await(engine.sweep(100));
        List<LoggedDecision> lines = logged();

        List<Double> sweptRewards = new ArrayList<>();
        swept.forEach(l -> sweptRewards.add(l.reward()));
        // no reward: only the first position was reached and gets the default
        assertThat(sweptRewards).containsExactly(0.0, null, null);
        assertThat(store.handed).hasSize(2).first().satisfies(o -> {
            assertThat(o.late()).isTrue();
            assertThat(o.reached()).hasSize(1);
        });
        assertThat(lines).hasSize(6);
        List<LoggedDecision> own = lines.subList(3, 6);
        assertThat(own).extracting(LoggedDecision::eventId)
                .containsExactly(id + "/0", id + "/1", id + "/2");
        List<Double> ownRewards = new ArrayList<>();
        own.forEach(l -> ownRewards.add(l.reward()));
        // the reward on its position, the default on the one it reached, once each
        assertThat(ownRewards).containsExactly(null, 0.0, 1.0);
        for (int k = 0; k < 3; k++) {
            assertThat(own.get(k).propensity()).isCloseTo(1.0 / (3 - k), within(1e-12));
        }
        assertThat(await(engine.report("art")).modelVersion())
                .isEqualTo(await(memory.snapshot("art")).version());
    }

    private DecisionRequest request(int count) {
        return new DecisionRequest("art", NOW, ZoneId.of("Europe/Paris"), "phone", null,
                Map.of(), List.of(Arm.of("a"), Arm.of("b"), Arm.of("c")).subList(0,
                        count == 1 ? 2 : 3), null, count, null);
    }

    private List<LoggedDecision> logged() throws Exception {
        writer.flush().get();
        Path file = dir.resolve("art.dsjson");
        return Files.exists(file) ? new DsJsonReader().read(file) : List.of();
    }

    /** A reward kept while the stand-in's backend is down, with the time it was accepted. */
    private record Kept(String eventId, String armId, double reward, Instant now) {
    }

    /**
     * Buffers rewards while {@link #down}, answering {@code QUEUED} as the Redis store does,
     * and writes them to the store it wraps when told, handing every outcome to the listener.
     */
    private static final class BufferingStore extends ForwardingStore {
        private final List<Kept> kept = new ArrayList<>();
        private final List<RewardOutcome> handed = new ArrayList<>();
        private Consumer<RewardOutcome> listener;
        private boolean down;

        BufferingStore(InMemoryStatsStore store) {
            super(store);
        }

        @Override
        public void onBufferedRewardApplied(Consumer<RewardOutcome> listener) {
            this.listener = listener;
        }

        @Override
        public Future<RewardOutcome> applyReward(
                String eventId, String armId, double reward, Instant now) {
            if (!down) {
                return super.applyReward(eventId, armId, reward, now);
            }
            kept.add(new Kept(eventId, armId, reward, now));
            return Future.succeededFuture(new RewardOutcome(RewardOutcome.Status.QUEUED, null,
                    null, Double.NaN, 0));
        }

        /** Writes every kept reward (again, when called again). */
        void write() throws Exception {
            down = false;
            for (Kept k : kept) {
                RewardOutcome outcome = await(super.applyReward(k.eventId(), k.armId(),
                        k.reward(), k.now()));
                handed.add(outcome);
                listener.accept(outcome);
            }
        }
    }
}
