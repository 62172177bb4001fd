package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Decisions and rewards over HTTP on loopback: answers, slates and reward status codes. */
@ExtendWith(VertxExtension.class)
class DecisionsIT {

    static final String DECISIONS = "/v1/placements/artwork/decisions";
    static final String PLAYLIST = "/v1/placements/playlist/decisions";

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T08:00:00Z"));
    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        server = Http.await(Server.start(vertx, TestSettings.of(
                TestSettings.placement("artwork", "thompson", Map.of()),
                new TestSettings.Builder("playlist", "epsilon-greedy", Map.of("epsilon", 0.2))
                        .arms(TestSettings.arms(8)).limits(8, 5).build(),
                new TestSettings.Builder("ratings", "ucb1", Map.of())
                        .arms(TestSettings.arms(2)).reward(1, 5, null).build()),
                ServerOptions.forTests(clock, 7)));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    static JsonObject context() {
        return new JsonObject().put("timestamp", "2024-03-01T07:30:00Z")
                .put("timeZone", "Europe/Paris").put("device", "Phone");
    }

    static JsonObject request(String... candidates) {
        JsonArray list = new JsonArray();
        for (String id : candidates) {
            list.add(new JsonObject().put("id", id)
                    .put("features", new JsonObject().put("tags", new JsonArray().add("comedy"))));
        }
        return new JsonObject().put("context", context()).put("candidates", list);
    }

    @Test
    void decisionAnswersOneCandidateWithItsProbabilityAndAnEventId() {
        HttpResponse<Buffer> response = http.post(DECISIONS, request("a", "b", "c"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("content-type")).startsWith("application/json");
        JsonObject body = response.bodyAsJsonObject();
        assertThat(body.getString("eventId")).matches("[A-Za-z0-9_-]{22}");
        JsonArray choices = body.getJsonArray("choices");
        assertThat(choices).hasSize(1);
        assertThat(choices.getJsonObject(0).getString("armId")).isIn("a", "b", "c");
        assertThat(choices.getJsonObject(0).getDouble("probability")).isGreaterThan(0.0)
                .isLessThanOrEqualTo(1.0);
        assertThat(body.getLong("modelVersion")).isZero();
        assertThat(body.getBoolean("explored")).isNotNull();
    }

    @Test
    void mediaTypeIsMatchedWithoutRegardToCase() {
        HttpResponse<Buffer> upper = http.post(DECISIONS, request("a", "b").encode(),
                "APPLICATION/JSON; Charset=UTF-8");

        assertThat(upper.statusCode()).isEqualTo(200);
    }

    @Test
    void clientEventIdIsUsedAndASecondUseIsRefused() {
        JsonObject request = request("a", "b").put("eventId", "order-17");

        HttpResponse<Buffer> first = http.post(DECISIONS, request);
        HttpResponse<Buffer> second = http.post(DECISIONS, request);

        assertThat(first.bodyAsJsonObject().getString("eventId")).isEqualTo("order-17");
        assertError(second, 409, "EVENT_ID_TAKEN", "eventId");
    }

    @Test
    void slateHasDistinctArmsEachWithAProbabilityInZeroOne() {
        Set<String> seenFirst = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            JsonObject request = new JsonObject().put("context", context()).put("count", 5);

            JsonObject body = http.post(PLAYLIST, request).bodyAsJsonObject();

            JsonArray choices = body.getJsonArray("choices");
            Set<String> arms = new HashSet<>();
            for (int k = 0; k < choices.size(); k++) {
                JsonObject c = choices.getJsonObject(k);
                arms.add(c.getString("armId"));
                assertThat(c.getDouble("probability")).isGreaterThan(0.0)
                        .isLessThanOrEqualTo(1.0);
            }
            assertThat(arms).hasSize(5);
            assertThat(TestSettings.arms(8)).extracting(a -> a.id()).containsAll(arms);
            seenFirst.add(choices.getJsonObject(0).getString("armId"));
        }
    }

    @Test
    void rewardIsAcceptedOnceThenDuplicate() {
        JsonObject decision = http.post(DECISIONS, request("a", "b")).bodyAsJsonObject();
        String eventId = decision.getString("eventId");
        String arm = decision.getJsonArray("choices").getJsonObject(0).getString("armId");
        JsonObject reward = new JsonObject().put("eventId", eventId).put("value", 1);

        HttpResponse<Buffer> first = http.post("/v1/rewards", reward);
        HttpResponse<Buffer> second = http.post("/v1/rewards", reward);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.bodyAsJsonObject().getMap()).containsExactlyInAnyOrderEntriesOf(
                Map.of("eventId", eventId, "armId", arm, "status", "accepted"));
        assertError(second, 409, "DUPLICATE_REWARD", "eventId");
    }

    @Test
    void rewardStatusCodesSayWhatWentWrong() {
        JsonObject slate = http.post(PLAYLIST, new JsonObject().put("context", context())
                .put("count", 2)).bodyAsJsonObject();
        String slateId = slate.getString("eventId");
        String single = http.post(DECISIONS, request("a", "b")).bodyAsJsonObject()
                .getString("eventId");

        HttpResponse<Buffer> unknownEvent = http.post("/v1/rewards",
                new JsonObject().put("eventId", "never-made").put("value", 1));
        HttpResponse<Buffer> noArm = http.post("/v1/rewards",
                new JsonObject().put("eventId", slateId).put("value", 1));
        HttpResponse<Buffer> wrongArm = http.post("/v1/rewards",
                new JsonObject().put("eventId", single).put("value", 1).put("armId", "zzz"));
        clock.advance(TestSettings.WAIT);
        HttpResponse<Buffer> expired = http.post("/v1/rewards",
                new JsonObject().put("eventId", single).put("value", 1));

        assertError(unknownEvent, 404, "UNKNOWN_EVENT", "eventId");
        assertError(noArm, 400, "ARM_REQUIRED", "armId");
        assertError(wrongArm, 404, "UNKNOWN_ARM", "armId");
        assertError(expired, 410, "EXPIRED", "eventId");
    }

    @Test
    void slateSlotsAreRewardedOneByOne() {
        JsonObject slate = http.post(PLAYLIST, new JsonObject().put("context", context())
                .put("count", 3)).bodyAsJsonObject();
        String id = slate.getString("eventId");
        JsonArray choices = slate.getJsonArray("choices");

        for (int k = 0; k < 3; k++) {
            String arm = choices.getJsonObject(k).getString("armId");
            HttpResponse<Buffer> r = http.post("/v1/rewards",
                    new JsonObject().put("eventId", id).put("value", 1).put("armId", arm));
            assertThat(r.statusCode()).isEqualTo(202);
            assertThat(r.bodyAsJsonObject().getString("armId")).isEqualTo(arm);
        }
        HttpResponse<Buffer> again = http.post("/v1/rewards", new JsonObject()
                .put("eventId", id).put("value", 0)
                .put("armId", choices.getJsonObject(1).getString("armId")));

        assertError(again, 409, "DUPLICATE_REWARD", "armId");
    }

    @Test
    void concurrentRewardsForOneEventApplyExactlyOnce() {
        String id = http.post(DECISIONS, request("a", "b")).bodyAsJsonObject()
                .getString("eventId");
        JsonObject reward = new JsonObject().put("eventId", id).put("value", 1);

        List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sent.add(http.postAsync("/v1/rewards", reward));
        }
        Http.await(Future.join(sent));

        Map<Integer, Integer> statuses = new HashMap<>();
        sent.forEach(f -> statuses.merge(f.result().statusCode(), 1, Integer::sum));
        assertThat(statuses).containsOnly(Map.entry(202, 1), Map.entry(409, 19));
    }

    @Test
    void severalInstancesShareOnePort(Vertx vertx) {
        Server shared = Http.await(Server.start(vertx, TestSettings.of(
                TestSettings.placement("artwork", "thompson", Map.of())),
                new ServerOptions(clock, 9, 3, null)));
        Http client = new Http(vertx, shared.port());
        try {
            for (int i = 0; i < 12; i++) {
                assertThat(client.post(DECISIONS, request("a", "b")).statusCode())
                        .isEqualTo(200);
            }
        } finally {
            client.close();
            Http.await(shared.close());
        }
    }

    static void assertError(HttpResponse<Buffer> response, int status, String code,
            String field) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("content-type")).startsWith("application/json");
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("message")).isNotBlank();
    }
}
