package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.FeatureSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Learning end to end over HTTP: the best artwork depends on the context. At night on a tv,
 * artwork {@code a} is clicked with probability 0.8, {@code b} 0.2, {@code c} 0.4; in the
 * morning on a phone it is the other way round for {@code a} and {@code b}. Each contextual
 * policy, with its seed fixed, must show the right artwork in at least 85% of the last 100
 * decisions of each context, after 300 decisions per context.
 *
 * <p>The morning context comes from New York, so its part of day is only right when the
 * request's own time zone is used.
 */
@ExtendWith(VertxExtension.class)
class LearningIT {

    private static final int ROUNDS_PER_CONTEXT = 400;
    private static final int LAST = 100;
    private static final double REQUIRED = 0.85;

    private static final JsonObject NIGHT_TV = new JsonObject()
            .put("timestamp", "2024-03-02T02:30:00Z").put("timeZone", "Europe/London")
            .put("device", "TV");
    private static final JsonObject MORNING_PHONE = new JsonObject()
            .put("timestamp", "2024-03-02T13:30:00Z").put("timeZone", "America/New_York")
            .put("device", "phone");
    private static final Map<String, Double> NIGHT_CLICKS = Map.of("a", 0.8, "b", 0.2, "c", 0.4);
    private static final Map<String, Double> MORNING_CLICKS =
            Map.of("a", 0.2, "b", 0.8, "c", 0.4);

    private Server server;
    private Http http;

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = ';', value = {
        "thompson;",
        "epsilon-greedy;epsilon=0.05",
        "ucb1;c=0.5",
        "softmax;temperature=0.1",
        "linucb;alpha=0.5",
        "linear-thompson;v=0.2"
    })
    void contextualPolicyLearnsTheBestArtworkPerContext(String policy, String params,
            Vertx vertx) {
        start(vertx, policy, params);
        Random clicks = new Random(2024);
        int[] rightAtNight = {0};
        int[] rightInTheMorning = {0};

        for (int round = 0; round < ROUNDS_PER_CONTEXT; round++) {
            boolean counted = round >= ROUNDS_PER_CONTEXT - LAST;
            if (play(NIGHT_TV, NIGHT_CLICKS, clicks).equals("a") && counted) {
                rightAtNight[0]++;
            }
            if (play(MORNING_PHONE, MORNING_CLICKS, clicks).equals("b") && counted) {
                rightInTheMorning[0]++;
            }
        }

        assertThat(rightAtNight[0] / (double) LAST).as("night on tv").isGreaterThanOrEqualTo(
                REQUIRED);
        assertThat(rightInTheMorning[0] / (double) LAST).as("morning on phone")
                .isGreaterThanOrEqualTo(REQUIRED);
    }

    private void start(Vertx vertx, String policy, String params) {
        Map<String, Double> parsed = params == null ? Map.of() : Map.of(
                params.substring(0, params.indexOf('=')),
                Double.parseDouble(params.substring(params.indexOf('=') + 1)));
        FeatureSettings features = new FeatureSettings(128, true,
                List.of("partOfDay", "device"), Map.of());
        server = Http.await(Server.start(vertx, TestSettings.of(
                new TestSettings.Builder("artwork", policy, parsed).features(features).build()),
                ServerOptions.forTests(new MutableClock(Instant.parse("2024-03-02T12:00:00Z")),
                        42)));
        http = new Http(vertx, server.port());
    }

    /** One decision in {@code context} and its reward; returns the arm shown. */
    private String play(JsonObject context, Map<String, Double> clickRates, Random clicks) {
        JsonArray candidates = new JsonArray()
                .add(new JsonObject().put("id", "a").put("features", new JsonObject()
                        .put("tags", new JsonArray().add("smiling-face"))))
                .add(new JsonObject().put("id", "b").put("features", new JsonObject()
                        .put("tags", new JsonArray().add("explosion"))))
                .add(new JsonObject().put("id", "c").put("features", new JsonObject()
                        .put("tags", new JsonArray().add("comedy"))));
        JsonObject decision = http.post("/v1/placements/artwork/decisions", new JsonObject()
                .put("context", context).put("candidates", candidates)).bodyAsJsonObject();
        String arm = decision.getJsonArray("choices").getJsonObject(0).getString("armId");

        double reward = clicks.nextDouble() < clickRates.get(arm) ? 1 : 0;
        int status = http.post("/v1/rewards", new JsonObject()
                .put("eventId", decision.getString("eventId")).put("value", reward))
                .statusCode();
        assertThat(status).isEqualTo(202);
        return arm;
    }
}
