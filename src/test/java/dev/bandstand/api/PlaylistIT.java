package dev.bandstand.api;

import static dev.bandstand.api.DecisionsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Playlist slates: exclusions and the per-artist limit, with exact slot probabilities. */
@ExtendWith(VertxExtension.class)
class PlaylistIT {

    private static final String[] ARTISTS = {"x", "x", "y", "y", "z", "z"};

    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        server = Http.await(Server.start(vertx, TestSettings.of(
                new TestSettings.Builder("playlist", "uniform", Map.of())
                        .limits(10, 6).build(),
                new TestSettings.Builder("big", "thompson", Map.of())
                        .limits(10_000, 100).build())));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    private static JsonArray tracks() {
        JsonArray tracks = new JsonArray();
        for (int i = 0; i < ARTISTS.length; i++) {
            tracks.add(new JsonObject().put("id", "t" + i)
                    .put("features", new JsonObject().put("artist", ARTISTS[i])));
        }
        return tracks;
    }

    private JsonObject request(int count) {
        return new JsonObject().put("context", DecisionsIT.context()).put("candidates", tracks())
                .put("count", count);
    }

    private JsonArray choices(JsonObject request) {
        var answer = http.post("/v1/placements/playlist/decisions", request);
        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
        return answer.bodyAsJsonObject().getJsonArray("choices");
    }

    @Test
    void aHundredOfTenThousandIsDecidedOnAWorkerWithDistinctTracksAndSlotProbabilities() {
        JsonArray candidates = new JsonArray();
        for (int i = 0; i < 10_000; i++) {
            candidates.add(new JsonObject().put("id", "track-" + i));
        }
        JsonObject request = new JsonObject().put("context", DecisionsIT.context())
                .put("candidates", candidates).put("count", 100);

        var answer = http.post("/v1/placements/big/decisions", request);

        assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(200);
        JsonArray choices = answer.bodyAsJsonObject().getJsonArray("choices");
        assertThat(choices).hasSize(100);
        assertThat(choices.stream().map(c -> ((JsonObject) c).getString("armId")))
                .doesNotHaveDuplicates();
        assertThat(choices.stream().mapToDouble(c -> ((JsonObject) c).getDouble("probability")))
                .allSatisfy(p -> assertThat(p).isGreaterThan(0).isLessThanOrEqualTo(1));
    }

    @Test
    void excludedArmsAreNeverChosen() {
        JsonObject request = request(4).put("excludedArmIds", new JsonArray().add("t0").add("t3"));
        Set<String> seen = new HashSet<>();

        for (int i = 0; i < 40; i++) {
            choices(request).forEach(c -> seen.add(((JsonObject) c).getString("armId")));
        }

        assertThat(seen).containsExactlyInAnyOrder("t1", "t2", "t4", "t5");
    }

    @Test
    void atMostOneTrackPerArtistWithExactConditionalProbabilities() {
        JsonObject request = request(3).put("maxPerValue",
                new JsonObject().put("feature", "artist").put("max", 1));

        for (int i = 0; i < 30; i++) {
            JsonArray slate = choices(request);
            Set<String> artists = new HashSet<>();
            for (int k = 0; k < 3; k++) {
                JsonObject c = slate.getJsonObject(k);
                artists.add(ARTISTS[Integer.parseInt(c.getString("armId").substring(1))]);
                // uniform over the open tracks: 6, then 4 (chosen artist gone), then 2
                assertThat(c.getDouble("probability"))
                        .isCloseTo(new double[] {1.0 / 6, 1.0 / 4, 1.0 / 2}[k], within(1e-12));
            }
            assertThat(artists).hasSize(3);
        }
    }

    @Test
    void limitLeavingTooFewTracksIsRefused() {
        JsonObject request = request(4).put("maxPerValue",
                new JsonObject().put("feature", "artist").put("max", 1));

        assertError(http.post("/v1/placements/playlist/decisions", request), 400,
                "TOO_FEW_CANDIDATES", "maxPerValue");
    }
}
