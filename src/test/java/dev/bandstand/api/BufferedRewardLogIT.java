package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PrivacySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.LogFormatException;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import dev.bandstand.store.RedisServer;
import dev.bandstand.store.RedisServers;
import dev.bandstand.store.SlowLink;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The decision log of a server whose Redis goes away while a reward comes, over HTTP: the
 * reward is answered 202 and buffered, and once Redis answers and the buffer is written, the
 * log holds the decision with that reward, exactly once. When another server sharing Redis
 * settled the decision meanwhile (the end of its wait passed during the outage) and logged
 * it, the buffered reward is late: it goes out on a line of its own with the slots of a
 * slate it reached under the cascade rule, each labelled once, as any late reward does.
 */
class BufferedRewardLogIT {

    private static final Duration SWEEP = Duration.ofMillis(100);
    private static final JsonObject CONTEXT = new JsonObject()
            .put("timestamp", "2024-03-02T20:30:00Z").put("timeZone", "Europe/Paris")
            .put("device", "tv");

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    @Test
    void aRewardBufferedWhileRedisIsDownIsLoggedWithItsDecisionOnceRedisIsBack()
            throws Exception {
        Path logDir = directory("buffered-log-");
        OutageServer outage = new OutageServer("buffered-log", uri -> new StoreSettings(uri,
                "buffered", Duration.ofMillis(200), Duration.ofMillis(300), 10, SWEEP, 10),
                log(logDir));
        opened.add(outage);
        JsonObject decision = outage.decide();
        String id = decision.getString("eventId");

        List<Integer> whileDown = new ArrayList<>();
        try {
            outage.redis.stop();
            whileDown.add(outage.reward(id).statusCode());
            whileDown.add(outage.reward(id).statusCode());
            // the end of the wait passes during the outage
            outage.clock.advance(TestSettings.WAIT.plusMinutes(2));
        } finally {
            outage.redis.restart();
        }
        Waits.until(Duration.ofSeconds(30), () -> outage.storeStatus().equals("up"));
        Path file = logDir.resolve("artwork.dsjson");
        awaitLines(file, lines -> lines.stream().anyMatch(l -> l.eventId().equals(id)));
        int again = outage.reward(id).statusCode();
        // lines are written in order: once this one is there, any line before it is too
        String marker = outage.decide().getString("eventId");
        assertThat(outage.reward(marker).statusCode()).isEqualTo(202);
        List<LoggedDecision> lines = awaitLines(file,
                l -> l.stream().anyMatch(d -> d.eventId().equals(marker)));

        assertThat(whileDown).containsExactly(202, 409);
        assertThat(again).isEqualTo(409);
        assertThat(lines).filteredOn(l -> l.eventId().equals(id)).singleElement()
                .satisfies(line -> {
                    assertThat(line.reward()).isEqualTo(1.0);
                    // uniform over a and b
                    assertThat(line.propensity()).isEqualTo(0.5);
                    assertThat(line.chosenArm().id()).isEqualTo(decision.getJsonArray("choices")
                            .getJsonObject(0).getString("armId"));
                });
        assertThat(Files.readAllLines(file)).filteredOn(l -> l.contains(id)).singleElement()
                .asString().contains("\"_label_cost\":-1.0");
    }

    @Test
    void aBufferedRewardThatAnotherServerSweptBeforeGetsALineOfItsOwnWithTheSlotsItReached()
            throws Exception {
        Path dir = directory("buffered-late-");
        RedisServer redis = RedisServer.start(dir);
        opened.add(redis::stop);
        SlowLink link = SlowLink.start(redis, 0);
        opened.add(link);
        Vertx vertx = Vertx.vertx();
        opened.add(() -> Http.await(vertx.close()));
        MutableClock clock = new MutableClock(Instant.parse("2024-03-02T19:30:00Z"));
        // A reaches Redis through the link, which the test cuts; B directly
        Path logA = dir.resolve("log-a");
        Path logB = dir.resolve("log-b");
        Http a = start(vertx, link.uri(), logA, clock, 21);
        Http b = start(vertx, redis.uri(), logB, clock, 22);
        String one = decide(a, 1).getString("eventId");
        JsonObject slate = decide(a, 3);
        String id = slate.getString("eventId");
        String third = slate.getJsonArray("choices").getJsonObject(2).getString("armId");

        List<Integer> whileCut = new ArrayList<>();
        try {
            link.cut();
            whileCut.add(reward(a, one, null).statusCode());
            whileCut.add(reward(a, id, third).statusCode());
            clock.advance(TestSettings.WAIT.plusMinutes(2));
            // B settles both: the default for `one` and the slate's first slot, which alone
            // was reached without a reward, and logs them
            awaitLines(logB.resolve("artwork.dsjson"), l -> l.size() == 4);
        } finally {
            link.mend();
        }
        awaitLines(logA.resolve("artwork.dsjson"),
                l -> l.stream().filter(d -> d.eventId().startsWith(id)).count() == 3);
        String marker = decide(a, 1).getString("eventId");
        assertThat(reward(a, marker, null).statusCode()).isEqualTo(202);
        List<LoggedDecision> linesA = awaitLines(logA.resolve("artwork.dsjson"),
                l -> l.stream().anyMatch(d -> d.eventId().equals(marker)));
        List<LoggedDecision> linesB = awaitLines(logB.resolve("artwork.dsjson"), l -> true);

        assertThat(whileCut).containsExactly(202, 202);
        assertThat(rewards(linesB, one)).containsExactly(0.0);
        assertThat(rewards(linesB, id)).containsExactly(0.0, null, null);
        // the late reward replaced the default of `one` on a line of A's own
        assertThat(rewards(linesA, one)).containsExactly(1.0);
        // on the slate's own line: position 3 rewarded, position 2 reached and given the
        // default, position 1 left to B's line, which labelled it
        assertThat(rewards(linesA, id)).containsExactly(null, 0.0, 1.0);
        List<LoggedDecision> slots = linesA.stream().filter(l -> l.eventId().startsWith(id))
                .toList();
        for (int k = 0; k < 3; k++) {
            assertThat(slots.get(k).eventId()).isEqualTo(id + "/" + k);
            // uniform over the 3 - k arms still open
            assertThat(slots.get(k).propensity()).isCloseTo(1.0 / (3 - k), within(1e-12));
        }
    }

    private Http start(Vertx vertx, String uri, Path log, MutableClock clock, long seed) {
        StoreSettings store = new StoreSettings(uri, "late", Duration.ofMillis(200),
                Duration.ofMillis(300), 10, SWEEP, 10);
        PlacementSettings artwork = new TestSettings.Builder("artwork", "uniform", Map.of())
                .arms(TestSettings.arms(3)).reward(0, 1, 0.0).build();
        Settings settings = new Settings("127.0.0.1", 0, TestSettings.MAX_BODY, store,
                PartsOfDay.defaults(), List.of(artwork), log(log),
                new PrivacySettings(OutageServer.SECRET));
        Server server = Http.await(Server.start(vertx, settings,
                ServerOptions.forTests(clock, seed)));
        opened.add(() -> Http.await(server.close()));
        Http http = new Http(vertx, server.port());
        opened.add(http::close);
        return http;
    }

    private Path directory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory("bandstand-" + prefix);
        opened.add(() -> RedisServers.deleteTree(dir));
        return dir;
    }

    private static DecisionLogSettings log(Path dir) {
        return new DecisionLogSettings(dir, Rotation.NONE, 1 << 20, Duration.ofDays(30), 1000);
    }

    private static JsonObject decide(Http http, int count) {
        HttpResponse<Buffer> response = http.post("/v1/placements/artwork/decisions",
                new JsonObject().put("context", CONTEXT).put("count", count));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static HttpResponse<Buffer> reward(Http http, String eventId, String armId) {
        JsonObject body = new JsonObject().put("eventId", eventId).put("value", 1);
        if (armId != null) {
            body.put("armId", armId);
        }
        return http.post("/v1/rewards", body);
    }

    /** The rewards of an event's lines (null: none), a slate's slot by slot. */
    private static List<Double> rewards(List<LoggedDecision> lines, String eventId) {
        List<Double> rewards = new ArrayList<>();
        for (LoggedDecision l : lines) {
            if (l.eventId().equals(eventId) || l.eventId().startsWith(eventId + "/")) {
                rewards.add(l.reward());
            }
        }
        return rewards;
    }

    /** Polls the log file until its decisions satisfy {@code condition} (30 s at most). */
    private static List<LoggedDecision> awaitLines(Path file,
            Predicate<List<LoggedDecision>> condition) {
        List<List<LoggedDecision>> last = new ArrayList<>(List.of(List.of()));
        Waits.until(Duration.ofSeconds(30), () -> {
            last.set(0, read(file));
            return condition.test(last.get(0));
        });
        return last.get(0);
    }

    /** The file's decisions; none while it is missing or its last line half written. */
    private static List<LoggedDecision> read(Path file) {
        try {
            return Files.exists(file) ? new DsJsonReader().read(file) : List.of();
        } catch (LogFormatException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
