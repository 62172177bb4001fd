package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.CLOCK;
import static dev.bandstand.placement.Engines.await;
import static dev.bandstand.placement.Engines.engine;
import static dev.bandstand.placement.Engines.placement;
import static dev.bandstand.placement.Engines.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import dev.bandstand.store.InMemoryStatsStore;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every line of the decision log names the variant and the mode that served its decision. */
class DecisionLogTagsTest {

    @TempDir
    Path dir;

    private final SplittableRandom random = new SplittableRandom(5);
    private DecisionLogWriter writer;
    private Placements engine;

    @BeforeEach
    void start() {
        writer = new DecisionLogWriter(dir, Rotation.NONE, 1 << 20, 100, CLOCK);
        DecisionJournal journal = DecisionJournal.writingTo(writer,
                UserKeys.of("a secret of at least 16 bytes".getBytes(StandardCharsets.UTF_8)));
        engine = engine(new InMemoryStatsStore(), placement("thompson", Map.of(),
                ExperimentsTest.experiment(0.5, 0.25, 0.25, Set.of())), journal);
    }

    @AfterEach
    void stop() {
        writer.close();
    }

    @Test
    void linesNameTheVariantOfExperimentDecisionsAndTheModeOfEveryDecision()
            throws Exception {
        List<Decision> decisions = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            decisions.add(await(engine.decide(request("user-" + u, null, false, "a", "b", "c"),
                    random)));
        }
        decisions.add(await(engine.decide(request("user-1", "best", false, "a", "b", "c"),
                random)));
        decisions.add(await(engine.decide(request(null, "baseline", false, "a", "b", "c"),
                random)));

        for (Decision d : decisions) {
            await(engine.reward(new RewardRequest(d.eventId(), null, 1.0)));
        }
        List<JsonObject> lines = awaitLines(decisions.size());

        for (Decision d : decisions) {
            JsonObject c = lines.stream().filter(l -> l.getString("EventId").equals(d.eventId()))
                    .findFirst().orElseThrow().getJsonObject("c");
            assertThat(c.getString("_variant")).isEqualTo(d.variant());
            assertThat(c.getString("_mode")).isEqualTo(d.mode() == null ? "policy" : d.mode());
        }
        assertThat(lines).extracting(l -> l.getJsonObject("c").getString("_variant"))
                .contains("bandit", "explore", "champion", null);
        assertThat(lines).extracting(l -> l.getJsonObject("c").getString("_mode"))
                .contains("policy", "best", "baseline");
    }

    private List<JsonObject> awaitLines(int count) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<JsonObject> lines = List.of();
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            try (Stream<Path> files = Files.list(dir)) {
                List<JsonObject> read = new ArrayList<>();
                for (Path f : files.toList()) {
                    for (String line : Files.readAllLines(f)) {
                        read.add(new JsonObject(line));
                    }
                }
                lines = read;
            }
        }
        return lines;
    }
}
