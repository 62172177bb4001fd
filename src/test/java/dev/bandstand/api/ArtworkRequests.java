package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;

/**
 * The requests the tests of several servers on one Redis send: one-arm decisions of the
 * uniform placement {@code artwork} (candidate {@code a}), rewards, and what the answers and
 * the report say.
 */
final class ArtworkRequests {

    private static final JsonObject CONTEXT = new JsonObject()
            .put("timestamp", "2024-03-02T20:30:00Z").put("timeZone", "Europe/Paris")
            .put("device", "tv");

    private ArtworkRequests() {
    }

    /** Decides with the one candidate {@code a}; the event id of a recorded decision. */
    static String decide(Http http) {
        HttpResponse<Buffer> response = http.post("/v1/placements/artwork/decisions",
                new JsonObject().put("context", CONTEXT).put("candidates",
                        new JsonArray().add(new JsonObject().put("id", "a"))));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().containsKey("recorded")).isFalse();
        return response.bodyAsJsonObject().getString("eventId");
    }

    static HttpResponse<Buffer> reward(Http http, String eventId, double value) {
        return http.post("/v1/rewards",
                new JsonObject().put("eventId", eventId).put("value", value));
    }

    /** Posts a reward until it is no longer answered 503, for at most {@code most}. */
    static int rewardOnceWritten(Http http, String eventId, double value, Duration most) {
        return rewardWhile(http, eventId, value, 503, most).statusCode();
    }

    /**
     * Posts a reward while it is answered {@code status}, for at most {@code most}; the first
     * other answer, or the last.
     */
    static HttpResponse<Buffer> rewardWhile(Http http, String eventId, double value, int status,
            Duration most) {
        long deadline = System.nanoTime() + most.toNanos();
        while (true) {
            HttpResponse<Buffer> r = reward(http, eventId, value);
            if (r.statusCode() != status || System.nanoTime() > deadline) {
                return r;
            }
            Waits.pause();
        }
    }

    static String errorCode(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    static String errorMessage(HttpResponse<Buffer> r) {
        return r.bodyAsJsonObject().getJsonObject("error").getString("message");
    }

    /** The store's status in {@code /health}: up or degraded. */
    static String storeStatus(Http http) {
        return http.get("/health").bodyAsJsonObject().getJsonObject("store").getString("status");
    }

    static JsonObject report(Http http) {
        return http.get("/v1/placements/artwork").bodyAsJsonObject();
    }

    /** The arm {@code a}'s {@code field} in the report, 0 when it has no statistics. */
    static double armStat(JsonObject report, String field) {
        for (Object o : report.getJsonArray("statistics")) {
            JsonObject stats = (JsonObject) o;
            if (stats.getString("armId").equals("a")) {
                return stats.getDouble(field);
            }
        }
        return 0;
    }
}
