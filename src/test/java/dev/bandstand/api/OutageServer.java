package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.PrivacySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RedisServer;
import dev.bandstand.store.RedisServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A server for the outage tests, over HTTP on loopback: one placement, {@code artwork},
 * uniform over arms {@code a} and {@code b}, on a Redis it starts that keeps an append-only
 * file (fsync on every write), so that a restart brings back what it acknowledged, with a
 * clock the test moves and, when asked, the decision log. Closing it stops all it started and
 * deletes its directory.
 */
final class OutageServer implements AutoCloseable {

    /** The user id secret. */
    static final String SECRET = "an outage test secret, 32 chars!";

    private static final JsonObject CONTEXT = new JsonObject()
            .put("timestamp", "2024-03-02T20:30:00Z").put("timeZone", "Europe/Paris")
            .put("device", "tv");

    final Path dir;
    final RedisServer redis;
    final Http http;
    final MutableClock clock = new MutableClock(Instant.parse("2024-03-02T19:30:00Z"));
    private final Vertx vertx;
    private final Server server;

    /** @param store the store settings for the Redis at the given URI */
    OutageServer(String name, Function<String, StoreSettings> store) throws IOException {
        this(name, store, DecisionLogSettings.OFF);
    }

    /**
     * @param store the store settings for the Redis at the given URI
     * @param log the decision log; when on, user ids are keyed with {@link #SECRET}
     */
    OutageServer(String name, Function<String, StoreSettings> store, DecisionLogSettings log)
            throws IOException {
        dir = Files.createTempDirectory("bandstand-" + name + "-");
        redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
        vertx = Vertx.vertx();
        PlacementSettings artwork = new TestSettings.Builder("artwork", "uniform", Map.of())
                .arms(TestSettings.arms(2)).build();
        Settings settings = new Settings("127.0.0.1", 0, TestSettings.MAX_BODY,
                store.apply(redis.uri()), PartsOfDay.defaults(), List.of(artwork), log,
                new PrivacySettings(SECRET));
        server = Http.await(Server.start(vertx, settings, ServerOptions.forTests(clock, 11)));
        http = new Http(vertx, server.port());
    }

    /** A decision, which must be answered 200. */
    JsonObject decide() {
        HttpResponse<Buffer> response = http.post("/v1/placements/artwork/decisions",
                new JsonObject().put("context", CONTEXT));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    /** A reward of 1 for {@code eventId}. */
    HttpResponse<Buffer> reward(String eventId) {
        return http.post("/v1/rewards", new JsonObject().put("eventId", eventId).put("value", 1));
    }

    /** The store's status in {@code /health}. */
    String storeStatus() {
        return http.get("/health").bodyAsJsonObject().getJsonObject("store").getString("status");
    }

    @Override
    public void close() {
        try {
            http.close();
            Http.await(server.close());
            Http.await(vertx.close());
        } finally {
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }
}
