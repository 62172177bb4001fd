package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.context.ContextFactory;
import dev.bandstand.context.HashingFeatureEncoder;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.StatsFields;
import dev.bandstand.store.RedisServers;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sums an older build let into Redis (two slates and five single decisions of energy 1e9,
 * all rewarded: entries near 1e33) no longer fail every decision of the placement on every
 * instance: the instance serves with a WARN naming the placement, and its report says the
 * statistics needed a raised diagonal instead of answering 500.
 */
class PoisonedLinearSumsIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final Instant NOW = Instant.parse("2026-12-04T09:00:00Z");
    private static final String PREFIX = "poisoned";
    private static final FeatureSettings FEATURES = new FeatureSettings(64, false,
            List.of("activity", "partOfDay", "device"), Map.of("tempo", 200.0));
    private static final Forgetting WEEK =
            Forgetting.of(Duration.ofDays(7), Forgetting.DEFAULT_EPOCH);

    private Vertx vertx;
    private Server server;
    private Http http;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            Http.await(server.close());
        }
        Http.await(vertx.close());
        REDIS.flushAll();
    }

    @Test
    void anInstanceOnPoisonedSumsKeepsDecidingWarnsOnceAndReportsIt() {
        Map<String, Double> poisoned = poisonedSums();
        writeSums(poisoned, 18);
        assertThat(poisoned.values().stream().mapToDouble(Math::abs).max().orElseThrow())
                .isGreaterThan(1e32);

        List<JsonObject> decisions = new ArrayList<>();
        HttpResponse<Buffer> report;
        List<String> warnings;
        try (CapturedLog log = new CapturedLog(Level.WARN)) {
            server = Http.await(Server.start(vertx, settings(),
                    ServerOptions.forTests(new MutableClock(NOW), 3)));
            http = new Http(vertx, server.port());
            for (int i = 0; i < 5; i++) {
                decisions.add(decide(i == 0 ? 2 : 1));
            }
            report = http.get("/v1/placements/playlist");
            warnings = log.messages(Level.WARN).stream()
                    .filter(m -> m.startsWith("Placement playlist:")).toList();
        }

        for (JsonObject d : decisions) {
            for (Object c : d.getJsonArray("choices")) {
                assertThat(((JsonObject) c).getDouble("probability")).isGreaterThan(0)
                        .isLessThanOrEqualTo(1);
            }
        }
        JsonObject first = decisions.get(0);
        HttpResponse<Buffer> reward = http.post("/v1/rewards", new JsonObject()
                .put("eventId", first.getString("eventId"))
                .put("armId", first.getJsonArray("choices").getJsonObject(0).getString("armId"))
                .put("value", 1));
        assertThat(reward.statusCode()).as(reward.bodyAsString()).isEqualTo(202);
        assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
        JsonObject linear = report.bodyAsJsonObject().getJsonObject("linear");
        assertThat(linear.getValue("jitter")).isNotEqualTo(0.0);
        assertThat(linear.getString("warning"))
                .contains("not numerically positive definite");
        assertThat(warnings).hasSize(1).first().asString()
                .contains("is not numerically positive definite")
                .contains("GET /v1/placements/playlist reports it");
    }

    /**
     * What the old build wrote: the increments of {@link StatsFields} for two slates of two
     * and five single decisions with energy 1e9, every slot rewarded 1.
     */
    private static Map<String, Double> poisonedSums() {
        HashingFeatureEncoder encoder = new HashingFeatureEncoder(FEATURES);
        Context context = new ContextFactory(PartsOfDay.defaults())
                .create(NOW, ZoneOffset.UTC, null, null, Map.of());
        double weight = WEEK.weight(NOW);
        Map<String, Double> sums = new TreeMap<>();
        List<String> slots = List.of("h1", "h2", "h1", "h2", "h1", "h1", "h1", "h1", "h1");
        for (String id : slots) {
            LinearUpdate update = new LinearUpdate(id,
                    encoder.encode(context, new Arm(id, Map.of("energy", 1e9))));
            StatsFields.decided(update, weight, (field, delta) -> sums.merge(field, delta,
                    Double::sum));
            StatsFields.rewarded(update, 1, weight, (field, delta) -> sums.merge(field, delta,
                    Double::sum));
        }
        sums.values().removeIf(v -> v == 0);
        return sums;
    }

    private static void writeSums(Map<String, Double> sums, long version) {
        List<String> command = new ArrayList<>(List.of("HSET", PREFIX + ":{playlist}:s",
                "#v", Long.toString(version)));
        sums.forEach((field, value) -> {
            command.add(field);
            command.add(Double.toString(value));
        });
        REDIS.server().cli(command.toArray(new String[0]));
    }

    private JsonObject decide(int count) {
        JsonArray candidates = new JsonArray()
                .add(new JsonObject().put("id", "t1").put("features",
                        new JsonObject().put("energy", 0.5).put("tempo", 120)))
                .add(new JsonObject().put("id", "t2").put("features",
                        new JsonObject().put("energy", 0.9).put("tempo", 170)));
        HttpResponse<Buffer> response = http.post("/v1/placements/playlist/decisions",
                new JsonObject().put("context", new JsonObject()
                        .put("timestamp", NOW.toString()).put("timeZone", "UTC"))
                        .put("count", count).put("candidates", candidates));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static Settings settings() {
        StoreSettings store = new StoreSettings(REDIS.uri(), PREFIX, Duration.ofMillis(200),
                Duration.ofMillis(500), 1000, Duration.ofHours(1));
        return new Settings("127.0.0.1", 0, TestSettings.MAX_BODY, store,
                PartsOfDay.defaults(), List.of(new TestSettings.Builder("playlist", "linucb",
                        Map.of("alpha", 1.0, "floor", 0.01)).features(FEATURES)
                        .halfLife(Duration.ofDays(7)).limits(10, 3).build()));
    }
}
