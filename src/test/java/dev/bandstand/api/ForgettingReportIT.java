package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Regression: with forgetting, the placement report read the raw epoch-relative weights
 * (about 2^48 at the end of 2026 for a 7-day half-life), so linear reports failed with 500
 * and counts were absurd. Reports must show the forgotten statistics the policy reads.
 */
@ExtendWith(VertxExtension.class)
class ForgettingReportIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-04T08:00:00Z"));
    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        server = Http.await(Server.start(vertx, TestSettings.of(
                new TestSettings.Builder("tracks", "linucb", Map.of())
                        .halfLife(Duration.ofDays(7)).build(),
                new TestSettings.Builder("artwork", "thompson", Map.of())
                        .arms(TestSettings.arms(2)).halfLife(Duration.ofDays(7)).build()),
                ServerOptions.forTests(clock, 5)));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @Test
    void linearReportWithForgettingCountsRewardsAndSolvesTheRidge() {
        rewardFiveTimes("tracks", DecisionsIT.request("a", "b", "c"));

        HttpResponse<Buffer> report = http.get("/v1/placements/tracks");

        assertThat(report.statusCode()).isEqualTo(200);
        JsonObject linear = report.bodyAsJsonObject().getJsonObject("linear");
        assertThat(linear.getDouble("rewards")).isCloseTo(5.0, within(1e-9));
        assertThat(linear.getJsonArray("theta")).isNotEmpty();
    }

    @Test
    void tabularReportWithForgettingCountsRewardsOnceAWeekHalvesThem() {
        JsonObject request = DecisionsIT.request("a", "b", "c");
        request.remove("candidates");
        rewardFiveTimes("artwork", request);

        double now = totalCount(http.get("/v1/placements/artwork").bodyAsJsonObject());
        clock.advance(Duration.ofDays(7));
        double weekLater = totalCount(http.get("/v1/placements/artwork").bodyAsJsonObject());

        assertThat(now).isCloseTo(5.0, within(1e-9));
        assertThat(weekLater).isCloseTo(2.5, within(1e-9));
    }

    private void rewardFiveTimes(String placement, JsonObject request) {
        for (int i = 0; i < 5; i++) {
            JsonObject decision = http.post("/v1/placements/" + placement + "/decisions",
                    request).bodyAsJsonObject();
            http.post("/v1/rewards", new JsonObject()
                    .put("eventId", decision.getString("eventId")).put("value", 1));
        }
    }

    private static double totalCount(JsonObject report) {
        return report.getJsonArray("statistics").stream()
                .mapToDouble(a -> ((JsonObject) a).getDouble("count")).sum();
    }
}
