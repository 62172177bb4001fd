package dev.bandstand.api;

import static dev.bandstand.api.DecisionsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.ConfigException;
import dev.bandstand.config.Settings;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the decision log on, what the log cannot take never fails a decision: arm features it
 * reserves are refused where they come in, a directory it cannot write or another server
 * writes in stops the start, and a write that fails later costs the line, one WARN and a
 * degraded {@code /health}.
 */
@ExtendWith(VertxExtension.class)
class DecisionLogFaultsIT {

    private static final String CONTEXT = "\"context\":{\"timestamp\":\"2026-12-04T09:00:00Z\","
            + "\"timeZone\":\"UTC\"}";

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T09:00:00Z"));

    private Settings settings(Path logs) {
        return TestSettings.withDecisionLog(TestSettings.of(
                new TestSettings.Builder("slate", "uniform", Map.of())
                        .arms(TestSettings.arms(2)).build()), logs, Rotation.DAILY);
    }

    private Server start(Vertx vertx, Path logs) {
        return Http.await(Server.start(vertx, settings(logs), ServerOptions.forTests(clock, 7)));
    }

    @Test
    void armFeaturesTheLogReservesAreRefusedAndEveryDecisionGoesOn(Vertx vertx)
            throws Exception {
        Server server = start(vertx, dir);
        Http http = new Http(vertx, server.port());
        WebClient client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
        try {
            HttpResponse<Buffer> candidate = http.post("/v1/placements/slate/decisions", "{"
                    + CONTEXT + ",\"candidates\":[{\"id\":\"x\",\"features\":{\"id\":5}},"
                    + "{\"id\":\"y\"}]}");
            HttpResponse<Buffer> put = Http.await(client.put("/v1/placements/slate/arms/t9")
                    .putHeader("content-type", "application/json")
                    .sendBuffer(Buffer.buffer("{\"features\":{\"id\":\"evil\"}}")));
            // VW reads no key starting with _ as a feature, whatever its value
            HttpResponse<Buffer> underscored = http.post("/v1/placements/slate/decisions", "{"
                    + CONTEXT + ",\"candidates\":[{\"id\":\"x\",\"features\":{\"_x\":2}}]}");
            HttpResponse<Buffer> putUnderscored = http.put("/v1/placements/slate/arms/t9",
                    "{\"features\":{\"tempo\":1,\"_own\":\"v\"}}");
            String configured = decide(http, "{" + CONTEXT + "}");
            String scalars = decide(http, "{" + CONTEXT + ",\"candidates\":[{\"id\":\"x\","
                    + "\"features\":{\"Arm\":1,\"own_\":\"v\",\"Time\":[\"t\"]}}]}");
            reward(http, configured);
            reward(http, scalars);
            List<LoggedDecision> lines = awaitLines(dir.resolve("slate-2026-12-04.dsjson"), 2);

            assertError(candidate, 400, "INVALID_VALUE", "candidates[0].features.id");
            assertThat(candidate.bodyAsJsonObject().getJsonObject("error").getString("message"))
                    .contains("reserved");
            assertError(put, 400, "INVALID_VALUE", "features.id");
            assertError(underscored, 400, "INVALID_VALUE", "candidates[0].features._x");
            assertThat(underscored.bodyAsJsonObject().getJsonObject("error")
                    .getString("message")).contains("reserved");
            assertError(putUnderscored, 400, "INVALID_VALUE", "features._own");
            assertThat(http.get("/v1/placements/slate").bodyAsString()).doesNotContain("t9");
            assertThat(lines.get(1).arms().get(0).features())
                    .isEqualTo(Map.of("Arm", 1.0, "own_", "v", "Time", List.of("t")));
        } finally {
            client.close();
            http.close();
            Http.await(server.close());
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenStopsTheStartNamingTheKey(Vertx vertx) throws Exception {
        Path file = Files.writeString(dir.resolve("file"), "x");

        Future<Server> started = Server.start(vertx, settings(file.resolve("log")),
                ServerOptions.forTests(clock, 7));
        Throwable failure = Http.await(started.transform(
                done -> Future.succeededFuture(done.cause())));

        assertThat(failure).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) failure).key()).isEqualTo("decisionLog.dir");
        assertThat(failure.getMessage()).contains(file.resolve("log").toString());
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefusedUntilTheFirstStops(Vertx vertx) {
        Path logs = dir.resolve("logs");
        Server first = start(vertx, logs);
        Throwable refused;
        try {
            refused = Http.await(Server.start(vertx, settings(logs),
                    ServerOptions.forTests(clock, 8)).transform(
                            done -> Future.succeededFuture(done.cause())));
        } finally {
            Http.await(first.close());
        }
        Server next = start(vertx, logs);
        Http.await(next.close());

        assertThat(refused).isInstanceOf(ConfigException.class);
        assertThat(((ConfigException) refused).key()).isEqualTo("decisionLog.dir");
        assertThat(refused.getMessage()).contains(logs.toString()).contains("in use");
    }

    @Test
    void aWriteThatFailsLaterIsOneWarnAndDegradedHealthUntilAWriteSucceeds(Vertx vertx)
            throws Exception {
        Path logs = dir.resolve("logs");
        Server server = start(vertx, logs);
        Http http = new Http(vertx, server.port());
        JsonObject degraded;
        List<String> warnings;
        List<String> infos;
        try (CapturedLog log = new CapturedLog(Level.DEBUG)) {
            reward(http, decide(http, "{" + CONTEXT + "}"));
            awaitLines(logs.resolve("slate-2026-12-04.dsjson"), 1);
            // the directory gives way to a file, so the next day's file cannot be created
            Files.move(logs, dir.resolve("moved"));
            Files.writeString(logs, "not a directory");
            clock.advance(Duration.ofDays(1));

            reward(http, decide(http, "{" + CONTEXT + "}"));
            reward(http, decide(http, "{" + CONTEXT + "}"));
            Waits.until(Duration.ofSeconds(30), () -> log.messages(Level.DEBUG).stream()
                    .filter(m -> m.startsWith("Decision log write failed")).count() == 2);
            degraded = http.get("/health").bodyAsJsonObject();
            Files.delete(logs);
            reward(http, decide(http, "{" + CONTEXT + "}"));
            // the writer marks itself healthy, then logs: wait for both
            Waits.until(Duration.ofSeconds(30), () -> "up".equals(
                    http.get("/health").bodyAsJsonObject().getString("status"))
                    && log.messages(Level.INFO).stream()
                            .anyMatch(m -> m.startsWith("Decision log writes again")));
            warnings = log.messages(Level.WARN);
            infos = log.messages(Level.INFO);
        } finally {
            http.close();
            Http.await(server.close());
        }

        assertThat(degraded.getString("status")).isEqualTo("degraded");
        assertThat(degraded.getJsonObject("decisionLog").getString("status"))
                .isEqualTo("failing");
        assertThat(degraded.getJsonObject("store").getString("status")).isEqualTo("up");
        assertThat(warnings).filteredOn(m -> m.startsWith("Decision log")).singleElement()
                .asString().contains(logs.toString()).contains("decisionLog.dir");
        assertThat(infos).anyMatch(m -> m.startsWith("Decision log writes again"));
        assertThat(Files.readAllLines(logs.resolve("slate-2026-12-05.dsjson"))).hasSize(1);
    }

    private static String decide(Http http, String body) {
        HttpResponse<Buffer> answer = http.post("/v1/placements/slate/decisions", body);
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
        return answer.bodyAsJsonObject().getString("eventId");
    }

    private static void reward(Http http, String eventId) {
        assertThat(http.post("/v1/rewards", new JsonObject().put("eventId", eventId)
                .put("value", 1)).statusCode()).isEqualTo(202);
    }

    private static List<LoggedDecision> awaitLines(Path file, int n) throws Exception {
        Waits.until(Duration.ofSeconds(30), () -> Files.exists(file) && lines(file) >= n);
        return new DsJsonReader().read(file);
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }
}
