package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The read-only routes: placement list, statistics after rewards, health. */
@ExtendWith(VertxExtension.class)
class StatisticsIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T08:00:00Z"));
    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        server = Http.await(Server.start(vertx, TestSettings.of(
                new TestSettings.Builder("ratings", "ucb1", Map.of("c", 2.0))
                        .arms(TestSettings.arms(2)).reward(1, 5, null).build(),
                TestSettings.placement("artwork", "linucb", Map.of("alpha", 0.5))),
                ServerOptions.forTests(clock, 11)));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @Test
    void placementsAreListedWithTheirPolicies() {
        JsonObject body = http.get("/v1/placements").bodyAsJsonObject();

        assertThat(body).isEqualTo(new JsonObject().put("placements", new JsonArray()
                .add(new JsonObject().put("name", "ratings").put("policy", "ucb1"))
                .add(new JsonObject().put("name", "artwork").put("policy", "linucb"))));
    }

    @Test
    void healthIsUpWithTheInMemoryStore() {
        JsonObject body = http.get("/health").bodyAsJsonObject();

        assertThat(body).isEqualTo(new JsonObject().put("status", "up").put("store",
                new JsonObject().put("type", "memory").put("status", "up")));
    }

    @Test
    void headIsAnsweredWhereverGetIs() {
        HttpResponse<Buffer> health = http.send(HttpMethod.HEAD, "/health");
        HttpResponse<Buffer> placement = http.send(HttpMethod.HEAD, "/v1/placements/ratings");
        HttpResponse<Buffer> unknown = http.send(HttpMethod.HEAD, "/v1/placements/nope");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isNull();
        assertThat(placement.statusCode()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void statisticsAfterRewardsShowExactCountsAndMeansOnTheConfiguredScale() {
        // six decisions; rewards 5, 4, 2, 1, 3 on the 1..5 scale, the sixth left pending
        double[] values = {5, 4, 2, 1, 3};
        Map<String, double[]> expected = new HashMap<>(); // arm -> {count, sum, pending}
        for (int i = 0; i < 6; i++) {
            JsonObject decision = http.post("/v1/placements/ratings/decisions",
                    new JsonObject().put("context", DecisionsIT.context())).bodyAsJsonObject();
            String arm = decision.getJsonArray("choices").getJsonObject(0).getString("armId");
            double[] e = expected.computeIfAbsent(arm, a -> new double[3]);
            if (i < values.length) {
                assertThat(http.post("/v1/rewards", new JsonObject()
                        .put("eventId", decision.getString("eventId"))
                        .put("value", values[i])).statusCode()).isEqualTo(202);
                e[0]++;
                e[1] += values[i];
            } else {
                e[2]++;
            }
        }

        String text = http.get("/v1/placements/ratings").bodyAsString();
        JsonObject body = new JsonObject(text);

        assertThat(body.getString("name")).isEqualTo("ratings");
        assertThat(text).contains("\"params\":{\"c\":2}");
        assertThat(body.getJsonObject("policy")).isEqualTo(new JsonObject()
                .put("type", "ucb1").put("params", new JsonObject().put("c", 2)));
        assertThat(body.getDouble("rewardMin")).isEqualTo(1.0);
        assertThat(body.getDouble("rewardMax")).isEqualTo(5.0);
        assertThat(body.getString("rewardWait")).isEqualTo("PT10M");
        assertThat(body.getLong("version")).isEqualTo(11);
        JsonArray arms = body.getJsonArray("statistics");
        assertThat(arms).hasSize(2);
        for (int i = 0; i < arms.size(); i++) {
            JsonObject arm = arms.getJsonObject(i);
            double[] e = expected.getOrDefault(arm.getString("armId"), new double[3]);
            assertThat(arm.getDouble("count")).isEqualTo(e[0]);
            assertThat(arm.getDouble("pending")).isEqualTo(e[2]);
            if (e[0] > 0) {
                assertThat(arm.getDouble("mean")).isCloseTo(e[1] / e[0],
                        org.assertj.core.data.Offset.offset(1e-12));
            } else {
                assertThat(arm.getValue("mean")).isNull();
            }
        }
        JsonObject finest = bucket(body, "morning/phone");
        assertThat(finest.getJsonArray("arms")).isEqualTo(arms);
        assertThat(bucket(body, "morning").getJsonArray("arms")).isEqualTo(arms);
    }

    @Test
    void linearStatisticsShowRewardsAndTheLargestCoefficients() {
        JsonObject request = DecisionsIT.request("a", "b");
        for (int i = 0; i < 3; i++) {
            String id = http.post("/v1/placements/artwork/decisions", request)
                    .bodyAsJsonObject().getString("eventId");
            http.post("/v1/rewards", new JsonObject().put("eventId", id).put("value", 1));
        }

        JsonObject linear = http.get("/v1/placements/artwork").bodyAsJsonObject()
                .getJsonObject("linear");

        assertThat(linear.getInteger("dimensions")).isEqualTo(32);
        assertThat(linear.getDouble("rewards")).isEqualTo(3.0);
        assertThat(linear.getDouble("pending")).isEqualTo(0.0);
        JsonArray theta = linear.getJsonArray("theta");
        assertThat(theta).hasSizeLessThanOrEqualTo(10).isNotEmpty();
        double first = Math.abs(theta.getJsonObject(0).getDouble("value"));
        assertThat(first).isGreaterThan(0.0);
        assertThat(theta.getJsonObject(0).getString("feature")).isNotNull();
    }

    private static JsonObject bucket(JsonObject body, String key) {
        JsonArray buckets = body.getJsonArray("bucketStatistics");
        for (int i = 0; i < buckets.size(); i++) {
            if (buckets.getJsonObject(i).getString("bucket").equals(key)) {
                return buckets.getJsonObject(i);
            }
        }
        throw new AssertionError("no bucket " + key + " in " + buckets);
    }
}
