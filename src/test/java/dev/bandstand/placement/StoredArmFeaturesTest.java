package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.CLOCK;
import static dev.bandstand.placement.Engines.await;
import static dev.bandstand.placement.Engines.engine;
import static dev.bandstand.placement.Engines.placement;
import static dev.bandstand.placement.Engines.request;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import dev.bandstand.store.ArmLimit;
import dev.bandstand.store.InMemoryStatsStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An arm an older version stored with a feature the decision log now reserves (a name
 * starting with {@code _}, which Vowpal Wabbit does not read as a feature) keeps being
 * served, without that feature both for the policy and in the log, and the operator is told
 * once which arm to add again.
 */
class StoredArmFeaturesTest {

    @TempDir
    Path dir;

    @Test
    void anArmStoredWithAReservedFeatureIsServedAndLoggedWithoutItWithOneWarn()
            throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        await(store.addArm("art", "legacy", "{\"features\":{\"_x\":2.0,\"tempo\":3.0}}",
                new ArmLimit(List.of(), 20)));
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ArmSet.class);
        logger.addAppender(log);
        JsonObject arm;
        try (DecisionLogWriter writer = new DecisionLogWriter(dir, Rotation.NONE, 1 << 20, 100,
                CLOCK)) {
            Placements engine = engine(store, placement("uniform", Map.of(), null),
                    DecisionJournal.writingTo(writer, UserKeys.of(
                            "a secret of at least 16 bytes".getBytes(StandardCharsets.UTF_8))));

            await(engine.sync());
            await(engine.sync());
            Decision d = await(engine.decide(request(null, null, false), new SplittableRandom(1)));
            await(engine.reward(new RewardRequest(d.eventId(), null, 1.0)));
            arm = awaitLine().getJsonObject("c").getJsonArray("_multi").getJsonObject(0)
                    .getJsonObject("Arm");
        } finally {
            logger.detachAppender(log);
        }

        assertThat(arm.getMap()).isEqualTo(Map.of("id", "legacy", "tempo", 3.0));
        assertThat(log.list).filteredOn(e -> e.getLevel() == Level.WARN).singleElement()
                .extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("art", "legacy", "_x");
    }

    private JsonObject awaitLine() throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    List<String> lines = Files.readAllLines(f);
                    if (!lines.isEmpty()) {
                        return new JsonObject(lines.get(0));
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line in the decision log within 5 s");
    }
}
