package dev.bandstand.api;

import static dev.bandstand.api.DecisionsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.FeatureSettings;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bound on numeric feature values of a linear placement, over HTTP: a value beyond it is
 * refused with 400 {@code INVALID_VALUE} naming its field and the bound, and changes nothing;
 * values at it keep the placement answering (the fault this bound fixes: two slates of
 * energy 1e9 left every later decision and the report answering 500).
 */
@ExtendWith(VertxExtension.class)
class FeatureBoundsIT {

    private static final String DECISIONS = "/v1/placements/playlist/decisions";
    private static final double MAX = FeatureSettings.MAX_SCALED_VALUE;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T09:00:00Z"));
    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        server = Http.await(Server.start(vertx, TestSettings.of(
                new TestSettings.Builder("playlist", "linucb", Map.of("alpha", 1.0,
                        "floor", 0.01))
                        .features(new FeatureSettings(64, false,
                                List.of("activity", "partOfDay", "device", "load"),
                                Map.of("tempo", 200.0)))
                        .halfLife(Duration.ofDays(7)).limits(10, 3).build(),
                new TestSettings.Builder("artwork", "thompson", Map.of()).build()),
                ServerOptions.forTests(clock, 5)));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "candidates[0].features.energy, 1e9, 100",
        "candidates[1].features.energy, -100.5, 100",
        "candidates[1].features.tempo, 20001, 20000",
        "context.features.load, 101, 100",
    })
    void aNumericFeatureBeyondTheBoundIsRefusedNamingItsFieldAndTheBound(String field,
            double value, String bound) {
        JsonObject before = http.get("/v1/placements/playlist").bodyAsJsonObject();
        JsonObject request = decision(2, MAX, MAX * 200, MAX);
        String name = field.substring(field.lastIndexOf('.') + 1);
        JsonObject features = field.startsWith("context")
                ? request.getJsonObject("context").getJsonObject("features")
                : request.getJsonArray("candidates").getJsonObject(
                        field.charAt("candidates[".length()) - '0').getJsonObject("features");
        features.put(name, value);

        HttpResponse<Buffer> response = http.post(DECISIONS, request);

        assertError(response, 400, "INVALID_VALUE", field);
        assertThat(message(response)).startsWith(field + " must have magnitude at most "
                + bound + " in a linear placement");
        assertThat(http.get("/v1/placements/playlist").bodyAsJsonObject()).isEqualTo(before);
    }

    @Test
    void anArmPutWithAFeatureBeyondTheBoundIsRefusedAndNotAdded() {
        HttpResponse<Buffer> response = http.put("/v1/placements/playlist/arms/loud",
                "{\"features\":{\"energy\":1e9}}");

        assertError(response, 400, "INVALID_VALUE", "features.energy");
        assertThat(message(response)).contains("at most 100");
        assertThat(http.get("/v1/placements/playlist").bodyAsJsonObject()
                .getJsonArray("arms")).isEmpty();
        assertThat(http.put("/v1/placements/playlist/arms/loud",
                "{\"features\":{\"energy\":100}}").statusCode()).isEqualTo(204);
    }

    @Test
    void valuesAtTheBoundKeepThePlacementAnsweringAndItsReportSound() {
        for (int slate = 0; slate < 2; slate++) {
            rewardAll(decide(decision(2, MAX, MAX * 200, MAX)));
        }
        for (int single = 0; single < 5; single++) {
            rewardAll(decide(decision(1, -MAX, -MAX * 200, -MAX)));
        }

        JsonObject plain = decide(new JsonObject().put("context", context(0))
                .put("candidates", new JsonArray().add(new JsonObject().put("id", "t1")
                        .put("features", new JsonObject().put("energy", 0.5)))));
        HttpResponse<Buffer> report = http.get("/v1/placements/playlist");

        assertThat(plain.getJsonArray("choices")).hasSize(1);
        assertThat(report.statusCode()).as(report.bodyAsString()).isEqualTo(200);
        JsonObject linear = report.bodyAsJsonObject().getJsonObject("linear");
        assertThat(linear.getDouble("rewards")).isPositive();
        assertThat(linear.getDouble("jitter")).isZero();
        assertThat(linear.getString("warning")).isNull();
    }

    @Test
    void aContextFeatureThePlacementDoesNotCrossTakesAnyNumberTheApiTakes() {
        JsonObject request = decision(1, MAX, MAX, MAX);
        request.getJsonObject("context").getJsonObject("features").put("plays", 1e9);

        HttpResponse<Buffer> response = http.post(DECISIONS, request);

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    }

    @Test
    void aTabularPlacementTakesAnyNumberTheApiTakes() {
        JsonObject request = new JsonObject().put("context", context(1e9))
                .put("candidates", new JsonArray().add(new JsonObject().put("id", "a")
                        .put("features", new JsonObject().put("energy", 1e9))));

        HttpResponse<Buffer> response = http.post("/v1/placements/artwork/decisions", request);

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    }

    /** {@code count} of two tracks with the given energy and tempo, context load {@code load}. */
    private static JsonObject decision(int count, double energy, double tempo, double load) {
        JsonArray candidates = new JsonArray();
        for (String id : new String[] {"h1", "h2"}) {
            candidates.add(new JsonObject().put("id", id).put("features", new JsonObject()
                    .put("energy", energy).put("tempo", tempo).put("genre", "rock")));
        }
        return new JsonObject().put("context", context(load)).put("count", count)
                .put("candidates", candidates);
    }

    private static JsonObject context(double load) {
        return new JsonObject().put("timestamp", "2026-12-04T09:00:00Z").put("timeZone", "UTC")
                .put("activity", "running")
                .put("features", new JsonObject().put("load", load));
    }

    private JsonObject decide(JsonObject request) {
        HttpResponse<Buffer> response = http.post(DECISIONS, request);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        JsonObject decision = response.bodyAsJsonObject();
        for (Object c : decision.getJsonArray("choices")) {
            assertThat(((JsonObject) c).getDouble("probability")).isGreaterThan(0)
                    .isLessThanOrEqualTo(1);
        }
        return decision;
    }

    private void rewardAll(JsonObject decision) {
        for (Object c : decision.getJsonArray("choices")) {
            HttpResponse<Buffer> response = http.post("/v1/rewards", new JsonObject()
                    .put("eventId", decision.getString("eventId"))
                    .put("armId", ((JsonObject) c).getString("armId")).put("value", 1));
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
        }
    }

    private static String message(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error").getString("message");
    }
}
