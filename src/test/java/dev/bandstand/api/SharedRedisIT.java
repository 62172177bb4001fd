package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RedisServers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Bandstand servers on one Redis learn as one: a reward posted to one changes the
 * decisions of the other once it has synced, and a restarted server starts from the model in
 * Redis. The policy is greedy (epsilon 0, no floor), so a decision shows what the model
 * believes.
 */
class SharedRedisIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final Duration SYNC = Duration.ofMillis(200);
    private static final JsonObject CONTEXT = new JsonObject()
            .put("timestamp", "2024-03-02T20:30:00Z").put("timeZone", "Europe/Paris")
            .put("device", "tv");

    private Vertx vertx;
    private Settings settings;
    private Server first;
    private Server second;
    private Http toFirst;
    private Http toSecond;

    @BeforeEach
    void startTwoServers() {
        vertx = Vertx.vertx();
        StoreSettings store = new StoreSettings(REDIS.uri(), "shared", SYNC,
                Duration.ofMillis(500), 1000, Duration.ofHours(1));
        PlacementSettings artwork = new TestSettings.Builder("artwork", "epsilon-greedy",
                Map.of("epsilon", 0.0, "floor", 0.0)).arms(TestSettings.arms(2)).build();
        PlacementSettings quick = new TestSettings.Builder("quick", "uniform", Map.of())
                .arms(TestSettings.arms(3)).build();
        settings = new Settings("127.0.0.1", 0, TestSettings.MAX_BODY, store,
                PartsOfDay.defaults(), List.of(artwork, quick));
        first = startServer();
        second = startServer();
        toFirst = new Http(vertx, first.port());
        toSecond = new Http(vertx, second.port());
    }

    @AfterEach
    void stop() {
        toFirst.close();
        toSecond.close();
        Http.await(first.close());
        Http.await(second.close());
        Http.await(vertx.close());
        REDIS.flushAll();
    }

    private Server startServer() {
        return Http.await(Server.start(vertx, settings, ServerOptions.forTests(
                new MutableClock(Instant.parse("2024-03-02T19:30:00Z")), 7)));
    }

    @Test
    void aRewardPostedToOneServerChangesTheDecisionsOfTheOtherOnceSynced() {
        long before = modelVersion(toSecond);

        teachThatBIsBetter(toFirst);
        long storeVersion = report(toFirst).getLong("version");
        awaitTrue(() -> modelVersion(toSecond) >= storeVersion);

        assertThat(before).isZero();
        assertThat(storeVersion).isEqualTo(40);
        for (int i = 0; i < 20; i++) {
            assertThat(decide(toSecond, "a", "b")).isEqualTo("b");
        }
        assertThat(armCount(report(toSecond), "b")).isEqualTo(10.0);
    }

    @Test
    void aRewardSentToTheOtherServerRightAfterItsDecisionIsJoined() {
        for (int i = 0; i < 100; i++) {
            String eventId = decideEvent(toFirst, "a", "b");

            int status = toSecond.post("/v1/rewards", new JsonObject()
                    .put("eventId", eventId).put("value", 1)).statusCode();

            assertThat(status).as("reward %d of %s", i, eventId).isEqualTo(202);
        }
    }

    @Test
    void aClientEventIdTakenInOnePlacementIsRefusedInAnotherOnEitherServer() {
        JsonObject body = new JsonObject().put("context", CONTEXT).put("eventId", "client-1");

        int first = toFirst.post("/v1/placements/artwork/decisions", body).statusCode();
        var again = toSecond.post("/v1/placements/quick/decisions", body);

        assertThat(first).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.bodyAsJsonObject().getJsonObject("error").getString("code"))
                .isEqualTo("EVENT_ID_TAKEN");
    }

    @Test
    void requestsRacingWithOneClientEventIdInTwoPlacementsOnTwoServersRecordItOnce() {
        int ids = 100;
        List<Future<HttpResponse<Buffer>>> artwork = new ArrayList<>();
        List<Future<HttpResponse<Buffer>>> quick = new ArrayList<>();

        for (int i = 0; i < ids; i++) {
            JsonObject body = new JsonObject().put("context", CONTEXT).put("eventId", "race-" + i);
            artwork.add(toFirst.postAsync("/v1/placements/artwork/decisions", body));
            quick.add(toSecond.postAsync("/v1/placements/quick/decisions", body));
        }
        Http.await(Future.join(new ArrayList<Future<?>>(artwork)));
        Http.await(Future.join(new ArrayList<Future<?>>(quick)));

        for (int i = 0; i < ids; i++) {
            HttpResponse<Buffer> a = artwork.get(i).result();
            HttpResponse<Buffer> q = quick.get(i).result();
            HttpResponse<Buffer> refused = a.statusCode() == 409 ? a : q;
            assertThat(List.of(a.statusCode(), q.statusCode())).as("race-%d", i)
                    .containsExactlyInAnyOrder(200, 409);
            assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code"))
                    .isEqualTo("EVENT_ID_TAKEN");
            String records = REDIS.server().cli("exists", "shared:{artwork}:e:race-" + i,
                    "shared:{quick}:e:race-" + i);
            assertThat(records).as("records of race-%d", i).isEqualTo("1");
        }
    }

    @Test
    void aRestartedServerStartsFromTheModelInRedis() {
        teachThatBIsBetter(toFirst);

        toFirst.close();
        Http.await(first.close());
        first = startServer();
        toFirst = new Http(vertx, first.port());
        JsonObject report = report(toFirst);

        assertThat(report.getLong("modelVersion")).isEqualTo(40);
        assertThat(armCount(report, "a")).isEqualTo(10.0);
        assertThat(armCount(report, "b")).isEqualTo(10.0);
        assertThat(decide(toFirst, "a", "b")).isEqualTo("b");
        assertThat(toFirst.get("/health").bodyAsJsonObject().getJsonObject("store"))
                .isEqualTo(new JsonObject().put("type", "redis").put("status", "up"));
    }

    @Test
    void anArmRetiredThroughOneServerIsRetiredOnTheOtherAndItsLateRewardTrainsNothing() {
        String pending = decideEvent(toSecond, "b");

        assertThat(toFirst.send(HttpMethod.DELETE, "/v1/placements/artwork/arms/b")
                .statusCode()).isEqualTo(204);
        awaitTrue(() -> toSecond.post("/v1/placements/artwork/decisions", new JsonObject()
                .put("context", CONTEXT).put("candidates", new JsonArray()
                        .add(new JsonObject().put("id", "b")))).statusCode() == 400);
        reward(toSecond, pending, 1);

        for (int i = 0; i < 20; i++) {
            assertThat(decide(toSecond, "a", "b")).isEqualTo("a");
        }
        assertThat(armCount(report(toFirst), "b")).isEqualTo(0.0);
    }

    /** Ten decisions that could only show a, rewarded 0; ten that could only show b, 1. */
    private static void teachThatBIsBetter(Http http) {
        for (int i = 0; i < 10; i++) {
            reward(http, decideEvent(http, "a"), 0);
            reward(http, decideEvent(http, "b"), 1);
        }
    }

    private static String decide(Http http, String... candidates) {
        return decision(http, candidates).getJsonArray("choices").getJsonObject(0)
                .getString("armId");
    }

    private static String decideEvent(Http http, String... candidates) {
        return decision(http, candidates).getString("eventId");
    }

    /** A decision of the {@code artwork} placement in a fixed context (TV, evening). */
    static JsonObject decision(Http http, String... candidates) {
        JsonArray arms = new JsonArray();
        for (String c : candidates) {
            arms.add(new JsonObject().put("id", c));
        }
        var response = http.post("/v1/placements/artwork/decisions",
                new JsonObject().put("context", CONTEXT).put("candidates", arms));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    static void reward(Http http, String eventId, double value) {
        var response = http.post("/v1/rewards",
                new JsonObject().put("eventId", eventId).put("value", value));
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
    }

    private static JsonObject report(Http http) {
        return http.get("/v1/placements/artwork").bodyAsJsonObject();
    }

    private static long modelVersion(Http http) {
        return report(http).getLong("modelVersion");
    }

    private static double armCount(JsonObject report, String arm) {
        for (Object o : report.getJsonArray("statistics")) {
            JsonObject stats = (JsonObject) o;
            if (stats.getString("armId").equals(arm)) {
                return stats.getDouble("count");
            }
        }
        return 0;
    }

    /** Polls a condition (at most 20 s); the sync interval is 200 ms. */
    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            try {
                Thread.sleep(SYNC.toMillis() / 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
