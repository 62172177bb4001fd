package dev.bandstand.api;

import static dev.bandstand.api.DecisionsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Arms added and retired through the API while the placement runs. */
@ExtendWith(VertxExtension.class)
class ArmLifecycleIT {

    private Server server;
    private Http http;
    private WebClient client;

    @BeforeEach
    void start(Vertx vertx) {
        server = Http.await(Server.start(vertx, TestSettings.of(
                new TestSettings.Builder("artwork", "ucb1", Map.of())
                        .arms(TestSettings.arms(3)).limits(5, 3).build())));
        http = new Http(vertx, server.port());
        client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
    }

    @AfterEach
    void stop() {
        client.close();
        http.close();
        Http.await(server.close());
    }

    @Test
    void retiredArmIsNeverChosenAgainEvenAsACandidate() {
        for (int i = 0; i < 9; i++) {
            reward(decide(null), 1.0);
        }

        assertThat(http.send(HttpMethod.DELETE, "/v1/placements/artwork/arms/b").statusCode())
                .isEqualTo(204);
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            chosen.add(decide(null).getJsonArray("choices").getJsonObject(0)
                    .getString("armId"));
            chosen.add(decide(new JsonArray().add(arm("a")).add(arm("b")).add(arm("c")))
                    .getJsonArray("choices").getJsonObject(0).getString("armId"));
        }

        assertThat(chosen).containsExactlyInAnyOrder("a", "c");
        JsonObject placement = http.get("/v1/placements/artwork").bodyAsJsonObject();
        assertThat(placement.getJsonArray("arms").getList()).containsExactly("a", "c");
        assertThat(placement.getJsonArray("retiredArms").getList()).containsExactly("b");
        assertError(http.post("/v1/placements/artwork/decisions", new JsonObject()
                .put("context", DecisionsIT.context())
                .put("candidates", new JsonArray().add(arm("b")))), 400, "NO_CANDIDATES",
                "candidates");
    }

    @Test
    void rewardForARetiredArmIsStillJoined() {
        JsonObject decision = decide(new JsonArray().add(arm("b")));

        http.send(HttpMethod.DELETE, "/v1/placements/artwork/arms/b");

        assertThat(http.post("/v1/rewards", new JsonObject()
                .put("eventId", decision.getString("eventId")).put("value", 1.0))
                .statusCode()).isEqualTo(202);
    }

    @Test
    void addedArmIsExploredAtOnceByUcb() {
        for (int i = 0; i < 9; i++) {
            reward(decide(null), 0.5);
        }

        HttpResponse<Buffer> put = putArm("d", "{\"features\":{\"tags\":[\"new\"]}}");
        JsonObject next = decide(null);

        assertThat(put.statusCode()).isEqualTo(204);
        // UCB1 plays an untried arm before any other
        assertThat(next.getJsonArray("choices").getJsonObject(0).getString("armId"))
                .isEqualTo("d");
    }

    @Test
    void armAddedWithAPriorStartsFromItsPseudoObservations() {
        HttpResponse<Buffer> put = putArm("d", "{\"prior\":{\"mean\":0.25,\"weight\":40}}");

        JsonObject best = http.post("/v1/placements/artwork/decisions", new JsonObject()
                .put("context", DecisionsIT.context()).put("mode", "best").put("explain", true)
                .put("candidates", new JsonArray().add(arm("d")))).bodyAsJsonObject();

        assertThat(put.statusCode()).isEqualTo(204);
        JsonObject why = best.getJsonArray("explanations").getJsonObject(0);
        assertThat(why.getDouble("mean")).isEqualTo(0.25);
        assertThat(why.getDouble("count")).isEqualTo(40.0);
    }

    @Test
    void priorWithoutWeightOrOutOfRangeIsRefusedNamingItsField() {
        assertError(putArm("d", "{\"prior\":{\"mean\":0.5}}"), 400, "MISSING_FIELD",
                "prior.weight");
        assertError(putArm("d", "{\"prior\":{\"mean\":2,\"weight\":1}}"), 400,
                "OUT_OF_RANGE", "prior.mean");
        assertError(putArm("d", "{\"prior\":{\"mean\":0.5,\"weight\":-1}}"), 400,
                "OUT_OF_RANGE", "prior.weight");
    }

    @Test
    void anArmBeyondMaxCandidatesIsRefusedWhileReplacingOneIsNot() {
        assertThat(putArm("d", "{}").statusCode()).isEqualTo(204);
        assertThat(putArm("e", "{}").statusCode()).isEqualTo(204);

        HttpResponse<Buffer> sixth = putArm("f", "{}");
        HttpResponse<Buffer> replaced = putArm("e", "{\"features\":{\"tempo\":90}}");

        assertError(sixth, 409, "TOO_MANY_ARMS", "armId");
        assertThat(sixth.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .isEqualTo("placement artwork offers 5 arms and its maxCandidates is 5: retire"
                        + " one before adding arm f, or raise maxCandidates");
        assertThat(replaced.statusCode()).isEqualTo(204);
        assertThat(http.get("/v1/placements/artwork").bodyAsJsonObject().getJsonArray("arms")
                .getList()).containsExactly("a", "b", "c", "d", "e");
        decide(null);
    }

    @Test
    void anArmFeatureTheDecisionLogReservesIsRefusedAndDecisionsGoOn() {
        HttpResponse<Buffer> put = putArm("t9", "{\"features\":{\"id\":\"evil\"}}");

        assertError(put, 400, "INVALID_VALUE", "features.id");
        assertThat(http.get("/v1/placements/artwork").bodyAsJsonObject().getJsonArray("arms")
                .getList()).containsExactly("a", "b", "c");
        decide(null);
    }

    @Test
    void aPutWithABodyThatIsNotJsonIs415WhileAnEmptyOneAddsTheArm() {
        HttpResponse<Buffer> text = Http.await(client.put("/v1/placements/artwork/arms/d")
                .putHeader("content-type", "text/plain")
                .sendBuffer(Buffer.buffer("{\"features\":{\"tempo\":90}}")));
        HttpResponse<Buffer> untyped = Http.await(client.put("/v1/placements/artwork/arms/d")
                .sendBuffer(Buffer.buffer("{}")));
        HttpResponse<Buffer> empty = http.send(HttpMethod.PUT, "/v1/placements/artwork/arms/e");

        assertError(text, 415, "UNSUPPORTED_MEDIA_TYPE", null);
        assertError(untyped, 415, "UNSUPPORTED_MEDIA_TYPE", null);
        assertThat(empty.statusCode()).isEqualTo(204);
        assertThat(http.get("/v1/placements/artwork").bodyAsJsonObject().getJsonArray("arms")
                .getList()).containsExactly("a", "b", "c", "e");
    }

    @Test
    void onlyAChangedArmIsLoggedAsAChange() {
        List<String> info;
        try (CapturedLog log = new CapturedLog(Level.INFO)) {
            putArm("d", "{}");
            putArm("d", "{}");
            putArm("d", "{\"features\":{\"tempo\":90}}");
            putArm("d", "{\"features\":{\"tempo\":90}}");
            info = log.messages(Level.INFO).stream().filter(m -> m.contains("arm d")).toList();
        }

        assertThat(info).containsExactly("Placement artwork: arm d added",
                "Placement artwork: arm d updated");
    }

    @Test
    void armChangesOfAnUnknownPlacementAre404() {
        assertThat(http.send(HttpMethod.DELETE, "/v1/placements/nope/arms/a").statusCode())
                .isEqualTo(404);
    }

    private HttpResponse<Buffer> putArm(String id, String body) {
        return Http.await(client.put("/v1/placements/artwork/arms/" + id)
                .putHeader("content-type", "application/json")
                .sendBuffer(Buffer.buffer(body)));
    }

    private static JsonObject arm(String id) {
        return new JsonObject().put("id", id);
    }

    private JsonObject decide(JsonArray candidates) {
        JsonObject body = new JsonObject().put("context", DecisionsIT.context());
        if (candidates != null) {
            body.put("candidates", candidates);
        }
        var answer = http.post("/v1/placements/artwork/decisions", body);
        assertThat(answer.statusCode()).isEqualTo(200);
        return answer.bodyAsJsonObject();
    }

    private void reward(JsonObject decision, double value) {
        assertThat(http.post("/v1/rewards", new JsonObject()
                .put("eventId", decision.getString("eventId")).put("value", value))
                .statusCode()).isEqualTo(202);
    }
}
