package dev.bandstand.api;

import static dev.bandstand.api.DecisionsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sweeper settles decisions whose wait is over: the default reward once, or a drop; the
 * clock is moved by hand and the sweeper runs every 20 ms.
 */
@ExtendWith(VertxExtension.class)
class ExpiryIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-01T08:00:00Z"));
    private Server server;
    private Http http;

    @BeforeEach
    void start(Vertx vertx) {
        Settings base = TestSettings.of(
                new TestSettings.Builder("artwork", "thompson", Map.of())
                        .arms(TestSettings.arms(1)).reward(0, 4, 1.0).build(),
                new TestSettings.Builder("silent", "thompson", Map.of())
                        .arms(TestSettings.arms(1)).build());
        StoreSettings store = new StoreSettings(null, "test", Duration.ofSeconds(1),
                Duration.ofSeconds(1), 100, Duration.ofMillis(20));
        Settings settings = new Settings(base.host(), 0, base.maxBodyBytes(), store,
                base.partsOfDay(), base.placements());
        server = Http.await(Server.start(vertx, settings, ServerOptions.forTests(clock, 5)));
        http = new Http(vertx, server.port());
    }

    @AfterEach
    void stop() {
        http.close();
        Http.await(server.close());
    }

    @Test
    void defaultRewardIsAppliedOnceWhenTheWaitIsOver() throws Exception {
        String id = decide("artwork");
        assertThat(arm("artwork").getDouble("pending")).isEqualTo(1.0);

        clock.advance(TestSettings.WAIT);
        JsonObject settled = awaitArm("artwork", a -> a.getDouble("count") > 0);
        Thread.sleep(100);
        JsonObject later = arm("artwork");

        assertThat(settled.getDouble("count")).isEqualTo(1.0);
        assertThat(settled.getDouble("mean")).isEqualTo(1.0);
        assertThat(settled.getDouble("pending")).isEqualTo(0.0);
        assertThat(later).isEqualTo(settled);
        assertError(http.post("/v1/rewards", new JsonObject().put("eventId", id)
                .put("value", 4)), 410, "EXPIRED", "eventId");
    }

    @Test
    void decisionWithoutDefaultRewardIsDroppedWhenTheWaitIsOver() {
        decide("silent");

        clock.advance(TestSettings.WAIT.plusSeconds(1));
        JsonObject settled = awaitArm("silent", a -> a.getDouble("pending") == 0.0);

        assertThat(settled.getDouble("count")).isEqualTo(0.0);
        assertThat(settled.getValue("mean")).isNull();
    }

    @Test
    void decisionStillWaitingIsLeftAlone() throws Exception {
        decide("artwork");

        clock.advance(TestSettings.WAIT.minusSeconds(1));
        Thread.sleep(200);

        assertThat(arm("artwork").getDouble("pending")).isEqualTo(1.0);
    }

    private String decide(String placement) {
        JsonObject body = http.post("/v1/placements/" + placement + "/decisions",
                new JsonObject().put("context", DecisionsIT.context())).bodyAsJsonObject();
        return body.getString("eventId");
    }

    private JsonObject arm(String placement) {
        return http.get("/v1/placements/" + placement).bodyAsJsonObject()
                .getJsonArray("statistics").getJsonObject(0);
    }

    /** Polls the statistics until the condition holds; fails after 10 s. */
    private JsonObject awaitArm(String placement, Predicate<JsonObject> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            JsonObject arm = arm(placement);
            if (condition.test(arm)) {
                return arm;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition never held; last " + arm);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
