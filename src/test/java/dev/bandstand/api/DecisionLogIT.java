package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bandstand.cli.Main;
import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.PrivacySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The decision log of a real server over HTTP: what it writes is read back by
 * {@link DsJsonReader} and by {@code bandstand evaluate}; a forgotten user leaves no line and
 * no raw user id is ever written.
 */
@ExtendWith(VertxExtension.class)
class DecisionLogIT {

    static final String SECRET = "a test secret of 32 characters!!";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T08:00:00Z"));
    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        Settings base = TestSettings.of(
                new TestSettings.Builder("artwork", "uniform", Map.of())
                        .arms(TestSettings.arms(3)).build(),
                new TestSettings.Builder("fallback", "uniform", Map.of())
                        .arms(TestSettings.arms(2)).reward(0, 1, 0.25).build());
        StoreSettings store = new StoreSettings(null, "test", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100, Duration.ofMillis(20));
        Settings settings = new Settings(base.host(), 0, base.maxBodyBytes(), store,
                base.partsOfDay(), base.placements(),
                new DecisionLogSettings(dir, Rotation.NONE, 1 << 20, Duration.ofDays(30), 1000),
                new PrivacySettings(SECRET));
        server = Http.await(Server.start(vertx, settings, ServerOptions.forTests(clock, 5)));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @Test
    void rewardedDecisionIsReadBackWithItsRewardAndProbability() throws IOException {
        String id = decide("artwork", "alice@example.com", 1);

        reward(id, null, 1.0);
        List<LoggedDecision> lines = awaitLines("artwork", l -> l.size() == 1);

        LoggedDecision line = lines.get(0);
        assertThat(line.eventId()).isEqualTo(id);
        assertThat(line.reward()).isEqualTo(1.0);
        assertThat(line.arms()).hasSize(3);
        // uniform over three arms: every probability is 1/3
        assertThat(line.probabilities()).containsOnly(1.0 / 3);
        assertThat(line.context().device()).isEqualTo("phone");
    }

    @Test
    void expiredDecisionsAreLoggedWithTheDefaultRewardOrSkipped() throws IOException {
        String skipped = decide("artwork", null, 1);
        String fallback = decide("fallback", null, 1);

        clock.advance(TestSettings.WAIT.plusSeconds(1));
        List<LoggedDecision> artwork = awaitLines("artwork", l -> l.size() == 1);
        List<LoggedDecision> defaults = awaitLines("fallback", l -> l.size() == 1);

        assertThat(artwork.get(0).eventId()).isEqualTo(skipped);
        assertThat(artwork.get(0).rewarded()).isFalse();
        assertThat(read("artwork")).contains("\"_skipLearn\":true");
        assertThat(defaults.get(0).eventId()).isEqualTo(fallback);
        assertThat(defaults.get(0).reward()).isEqualTo(0.25);
    }

    @Test
    void aSlateIsLoggedOnOneLineWithConditionalProbabilitiesOverTheOpenCandidates()
            throws IOException {
        JsonObject decision = decideBody("artwork", null, 3);
        String id = decision.getString("eventId");
        JsonArray choices = decision.getJsonArray("choices");

        for (int k = 0; k < 3; k++) {
            reward(id, choices.getJsonObject(k).getString("armId"), k == 0 ? 1.0 : 0.0);
        }
        List<LoggedDecision> lines = awaitLines("artwork", l -> l.size() == 3);

        // one CCB line for the whole slate, read back as one decision per slot
        assertThat(read("artwork").lines().filter(l -> !l.isBlank())).hasSize(1);
        assertThat(read("artwork")).contains("\"_outcomes\":[{\"_label_cost\":-1.0,");
        for (LoggedDecision line : lines) {
            int k = Integer.parseInt(line.eventId().substring(id.length() + 1));
            // slot k draws uniformly from the 3 - k arms not chosen yet
            assertThat(line.arms()).hasSize(3 - k);
            assertThat(Arrays.stream(line.probabilities()).sum()).isCloseTo(1.0, within(1e-12));
            assertThat(line.propensity()).isCloseTo(1.0 / (3 - k), within(1e-12));
            assertThat(line.chosenArm().id())
                    .isEqualTo(choices.getJsonObject(k).getString("armId"));
        }
    }

    @Test
    void evaluateReadsTheServersLog() throws IOException {
        for (int i = 0; i < 6; i++) {
            reward(decide("artwork", "user-" + i, 1), null, i % 2);
        }
        awaitLines("artwork", l -> l.size() == 6);

        String out = evaluateUniform("artwork");

        assertThat(out).contains("uniform");
    }

    @Test
    void evaluateReadsTheServersSlates() throws IOException {
        for (int i = 0; i < 4; i++) {
            JsonObject decision = decideBody("artwork", "user-" + i, 2);
            JsonArray choices = decision.getJsonArray("choices");
            for (int k = 0; k < 2; k++) {
                reward(decision.getString("eventId"),
                        choices.getJsonObject(k).getString("armId"), k == 0 ? 1.0 : 0.25);
            }
        }
        awaitLines("artwork", l -> l.size() == 8);

        String out = evaluateUniform("artwork");

        // uniform on the uniform placement's own log: every slot's and slate's weight is 1,
        // so the estimates are the mean rewards, 1 and 0.25 per slot, 1.25 a slate
        assertThat(out).contains("4 decisions, 0 without reward skipped")
                .containsPattern("slot 0 \\(4 decisions\\)\\n.*\\nIPS\\s+1\\.00000\\s")
                .containsPattern("slot 1 \\(4 decisions\\)\\n.*\\nIPS\\s+0\\.25000\\s")
                .containsPattern("whole slate .*\\n.*\\nIPS\\s+1\\.25000\\s");
    }

    /** {@code bandstand evaluate --policy uniform} on the placement's log; must exit 0. */
    private String evaluateUniform(String placement) {
        StringWriter out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));

        int code = cli.execute("evaluate", "--log", file(placement).toString(), "--policy",
                "uniform", "--bootstrap", "20", "--seed", "1");

        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void rawUserIdsNeverReachTheApplicationLog() throws IOException {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try {
            reward(decide("artwork", "dora-the-listener", 1), null, 1.0);
            http.post("/v1/rewards", new JsonObject().put("eventId", "missing").put("value", 1));
            http.send(HttpMethod.DELETE, "/v1/users/dora-the-listener");
            awaitLines("artwork", List::isEmpty);
        } finally {
            root.detachAppender(events);
        }

        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(m -> m.contains("dora-the-listener"));
        assertThat(events.list).extracting(e -> String.valueOf(e.getThrowableProxy() == null
                ? "" : e.getThrowableProxy().getMessage()))
                .noneMatch(m -> m.contains("dora-the-listener"));
    }

    @Test
    void forgottenUserLeavesNoLineAndNoPendingPayload() throws IOException {
        reward(decide("artwork", "alice", 1), null, 1.0);
        reward(decide("artwork", "bob", 1), null, 0.0);
        decide("artwork", "alice", 1);
        awaitLines("artwork", l -> l.size() == 2);

        assertThat(http.send(HttpMethod.DELETE, "/v1/users/alice").statusCode()).isEqualTo(204);
        assertThat(http.send(HttpMethod.DELETE, "/v1/users/alice").statusCode()).isEqualTo(204);
        clock.advance(TestSettings.WAIT.plusSeconds(1));
        decide("artwork", "carol", 1);
        clock.advance(TestSettings.WAIT.plusSeconds(1));
        awaitLines("artwork", l -> l.size() == 2);

        String text = read("artwork");
        String alice = dev.bandstand.privacy.UserKeys
                .of(SECRET.getBytes(StandardCharsets.UTF_8)).key("alice");
        assertThat(text).doesNotContain(alice).doesNotContain("alice");
        assertThat(text).doesNotContain("\"bob\"").doesNotContain("carol");
        assertThat(text.lines()).hasSize(2);
    }

    private String decide(String placement, String userId, int count) {
        return decideBody(placement, userId, count).getString("eventId");
    }

    private JsonObject decideBody(String placement, String userId, int count) {
        JsonObject body = new JsonObject().put("context", DecisionsIT.context())
                .put("count", count);
        if (userId != null) {
            body.put("userId", userId);
        }
        var answer = http.post("/v1/placements/" + placement + "/decisions", body);
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.bodyAsJsonObject();
    }

    private void reward(String eventId, String armId, double value) {
        JsonObject body = new JsonObject().put("eventId", eventId).put("value", value);
        if (armId != null) {
            body.put("armId", armId);
        }
        assertThat(http.post("/v1/rewards", body).statusCode()).isEqualTo(202);
    }

    private Path file(String placement) {
        return dir.resolve(placement + ".dsjson");
    }

    private String read(String placement) throws IOException {
        return Files.readString(file(placement), StandardCharsets.UTF_8);
    }

    /** Polls the placement's log until the condition holds; fails after 10 s. */
    private List<LoggedDecision> awaitLines(String placement,
            Predicate<List<LoggedDecision>> condition) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<LoggedDecision> lines = Files.exists(file(placement))
                    ? new DsJsonReader().read(file(placement)) : List.of();
            if (condition.test(lines)) {
                return lines;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition never held; last " + lines.size());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
