package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.Settings;
import dev.bandstand.store.ArmAddition;
import dev.bandstand.store.ArmLimit;
import dev.bandstand.store.ForwardingStore;
import dev.bandstand.store.InMemoryStatsStore;
import dev.bandstand.store.StatsStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many PUTs of new arms at once to one server with the in-memory store (one HTTP instance per
 * event loop) add exactly as many arms as {@code maxCandidates} leaves room for.
 */
@ExtendWith(VertxExtension.class)
class ArmLimitIT {

    private static final int CONFIGURED = 3;
    private static final int MAX = 8;
    private static final int ADDITIONS = 40;

    @Test
    void concurrentAdditionsTakeExactlyTheRoomLeft(Vertx vertx) {
        assertRaceKeepsTheLimit(vertx, new InMemoryStatsStore());
    }

    @Test
    void concurrentAdditionsTakeExactlyTheRoomLeftWhenTheStoreAnswersLater(Vertx vertx) {
        assertRaceKeepsTheLimit(vertx, new LateArms(vertx));
    }

    private static void assertRaceKeepsTheLimit(Vertx vertx, StatsStore store) {
        Settings settings = TestSettings.of(new TestSettings.Builder("artwork", "ucb1", Map.of())
                .arms(TestSettings.arms(CONFIGURED)).limits(MAX, 3).build());
        Server server = Http.await(Server.start(vertx, settings,
                ServerOptions.defaults().withStore(store)));
        Http http = new Http(vertx, server.port());
        try {
            ArmRace race = ArmRace.run(vertx, List.of(server.port()), "artwork", ADDITIONS);

            List<String> added = race.assertOnlyRoomWasTaken(MAX - CONFIGURED, MAX);
            List<String> expected = new ArrayList<>(List.of("a", "b", "c"));
            expected.addAll(added);
            assertThat(http.get("/v1/placements/artwork").bodyAsJsonObject()
                    .getJsonArray("arms").getList()).containsExactlyInAnyOrderElementsOf(expected);
            JsonObject after = http.post("/v1/placements/artwork/decisions",
                    new JsonObject().put("context", DecisionsIT.context())).bodyAsJsonObject();
            assertThat(after.getJsonArray("choices").getJsonObject(0).getString("armId"))
                    .isIn(expected);
        } finally {
            http.close();
            Http.await(server.close());
        }
    }

    /**
     * The in-memory store answering an arm addition 20 ms after making it, as a store across
     * the network does: the in-memory one answers on the caller's thread before anything else
     * runs there, which hides a check made apart from the change.
     */
    private static final class LateArms extends ForwardingStore {

        private final Vertx vertx;

        LateArms(Vertx vertx) {
            super(new InMemoryStatsStore());
            this.vertx = vertx;
        }

        @Override
        public Future<ArmAddition> addArm(String placement, String armId, String description,
                ArmLimit limit) {
            return super.addArm(placement, armId, description, limit)
                    .compose(added -> vertx.timer(20).map(added));
        }
    }
}
