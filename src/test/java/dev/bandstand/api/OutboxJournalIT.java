package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RedisServer;
import dev.bandstand.store.RedisServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server with an outbox journal whose directory becomes unusable during a Redis outage (a
 * regular file in its place, which no permission can override): nothing is acknowledged that
 * the journal does not hold. Rewards are refused with 503 and a message saying why, decisions
 * are answered {@code "recorded": false}, one WARN tells the operator; once the directory is
 * back, rewards are acknowledged again, and every acknowledged reward counts once when Redis
 * answers.
 */
class OutboxJournalIT {

    private static final JsonObject CONTEXT = new JsonObject()
            .put("timestamp", "2024-03-02T20:30:00Z").put("timeZone", "Europe/Paris")
            .put("device", "tv");

    private Path dir;
    private Path journal;
    private RedisServer redis;
    private Vertx vertx;
    private Server server;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-journal-http-");
        journal = dir.resolve("journal");
        redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
        vertx = Vertx.vertx();
        StoreSettings store = new StoreSettings(redis.uri(), "journal", Duration.ofMillis(200),
                Duration.ofMillis(300), 10, Duration.ofHours(1), 10, journal);
        PlacementSettings artwork = new TestSettings.Builder("artwork", "uniform", Map.of())
                .arms(TestSettings.arms(2)).build();
        Settings settings = new Settings("127.0.0.1", 0, TestSettings.MAX_BODY, store,
                PartsOfDay.defaults(), List.of(artwork));
        server = Http.await(Server.start(vertx, settings, ServerOptions.forTests(
                new MutableClock(Instant.parse("2024-03-02T19:30:00Z")), 11)));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        try {
            http.close();
            Http.await(server.close());
            Http.await(vertx.close());
        } finally {
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }

    @Test
    void whileTheJournalCannotBeWrittenNothingIsAcknowledgedAndOneWarningSaysWhy()
            throws Exception {
        List<String> before = List.of(decide().getString("eventId"),
                decide().getString("eventId"), decide().getString("eventId"));
        CapturedLog log = new CapturedLog(Level.WARN);
        List<HttpResponse<Buffer>> refused = new ArrayList<>();
        JsonObject unrecorded;
        int acknowledged;
        try {
            RedisServers.deleteTree(journal);
            Files.writeString(journal, "a file where the journal's directory was");
            redis.stop();
            refused.add(reward(before.get(0)));
            unrecorded = decide();
            refused.add(reward(before.get(1)));
            Files.delete(journal);
            Files.createDirectory(journal);
            acknowledged = reward(before.get(2)).statusCode();
        } finally {
            log.close();
            redis.restart();
        }
        Waits.until(Duration.ofSeconds(30), () -> storeStatus().equals("up"));
        int retried = reward(before.get(0)).statusCode();

        assertThat(refused).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.getHeader("retry-after")).isEqualTo("1");
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code"))
                    .isEqualTo("STORE_UNAVAILABLE");
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message"))
                    .isEqualTo("Redis is unreachable and the outage buffer cannot be kept on"
                            + " disk; retry later");
        });
        assertThat(unrecorded.getBoolean("recorded")).isFalse();
        assertThat(log.messages(Level.WARN)).filteredOn(m -> m.contains("Outbox journal"))
                .singleElement().asString()
                .contains(journal.resolve("outbox.journal").toString(), "cannot be written");
        assertThat(acknowledged).isEqualTo(202);
        assertThat(retried).isEqualTo(202);
        // 3 decisions recorded, the one answered unrecorded is not; 2 rewards, each once
        assertThat(sum("n")).isEqualTo(2.0);
        assertThat(sum("p")).isEqualTo(1.0);
        assertThat(redis.cli("hget", "journal:{artwork}:s", "#v")).isEqualTo("5");
    }

    private JsonObject decide() {
        HttpResponse<Buffer> response = http.post("/v1/placements/artwork/decisions",
                new JsonObject().put("context", CONTEXT));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private HttpResponse<Buffer> reward(String eventId) {
        return http.post("/v1/rewards", new JsonObject().put("eventId", eventId).put("value", 1));
    }

    private String storeStatus() {
        return http.get("/health").bodyAsJsonObject().getJsonObject("store").getString("status");
    }

    /** A field of the coarsest bucket, summed over both arms, as Redis holds it. */
    private double sum(String field) {
        double sum = 0;
        for (String arm : List.of("a", "b")) {
            String reply = redis.cli("hget", "journal:{artwork}:s", field + "||" + arm);
            sum += reply.isEmpty() ? 0 : Double.parseDouble(reply);
        }
        return sum;
    }
}
