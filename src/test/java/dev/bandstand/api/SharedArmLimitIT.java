package dev.bandstand.api;

import static dev.bandstand.api.DecisionsIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RedisServers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers on one redis-server keep a placement within {@code maxCandidates} arms however
 * additions race between them, and whatever either has not synced yet: Redis counts the arms
 * and keeps or refuses the new one in one script.
 */
class SharedArmLimitIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final String PREFIX = "limit";
    private static final String ADDED = PREFIX + ":{artwork}:arms";
    private static final String RETIRED = PREFIX + ":{artwork}:retired";
    private static final Duration NEVER = Duration.ofHours(1);

    private Vertx vertx;
    private final List<Vertx> processes = new ArrayList<>();
    private final List<Server> servers = new ArrayList<>();
    private final List<Http> clients = new ArrayList<>();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        clients.forEach(Http::close);
        servers.forEach(s -> Http.await(s.close()));
        processes.forEach(p -> Http.await(p.close()));
        Http.await(vertx.close());
        REDIS.flushAll();
    }

    @Test
    void concurrentAdditionsThroughTwoServersTakeExactlyTheRoomLeft() {
        Http first = start(8, Duration.ofMillis(200));
        Http second = start(8, Duration.ofMillis(200));

        ArmRace race = ArmRace.run(vertx, servers.stream().map(Server::port).toList(),
                "artwork", 40);

        List<String> added = race.assertOnlyRoomWasTaken(5, 8);
        assertThat(REDIS.server().cli("hlen", ADDED)).isEqualTo("5");
        List<String> all = Stream.concat(Stream.of("a", "b", "c"), added.stream()).toList();
        Waits.until(Duration.ofSeconds(10), () -> {
            List<Object> onFirst = arms(first);
            List<Object> onSecond = arms(second);
            assertThat(onFirst).hasSizeLessThanOrEqualTo(8);
            assertThat(onSecond).hasSizeLessThanOrEqualTo(8);
            return onFirst.size() == 8 && onSecond.size() == 8;
        });
        assertThat(arms(first)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(arms(second)).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void anAdditionRefusedByRedisLeavesRedisAndTheServerUnchanged() {
        Http first = start(4, NEVER);
        Http second = start(4, NEVER);
        assertThat(second.send(HttpMethod.DELETE, "/v1/placements/artwork/arms/a").statusCode())
                .isEqualTo(204);
        assertThat(second.put("/v1/placements/artwork/arms/d", "{}").statusCode())
                .isEqualTo(204);
        assertThat(second.put("/v1/placements/artwork/arms/e", "{}").statusCode())
                .isEqualTo(204);
        List<String> redisBefore = redisArms();
        JsonObject firstBefore = placement(first);

        // the first server has not synced: it still offers a, and knows neither d nor e
        var retiredBack = first.put("/v1/placements/artwork/arms/a",
                "{\"features\":{\"tempo\":90}}");
        var brandNew = first.put("/v1/placements/artwork/arms/f", "{}");

        assertError(retiredBack, 409, "TOO_MANY_ARMS", "armId");
        assertError(brandNew, 409, "TOO_MANY_ARMS", "armId");
        assertThat(brandNew.bodyAsJsonObject().getJsonObject("error").getString("message"))
                .contains("offers 4 arms", "maxCandidates is 4");
        assertThat(redisArms()).isEqualTo(redisBefore);
        assertThat(REDIS.server().cli("smembers", RETIRED)).isEqualTo("a");
        assertThat(placement(first).getJsonArray("arms"))
                .isEqualTo(firstBefore.getJsonArray("arms"));
        assertThat(placement(first).getJsonArray("retiredArms"))
                .isEqualTo(firstBefore.getJsonArray("retiredArms"));
    }

    @Test
    void anArmAddedAfterARetirementElsewhereIsKeptWithoutOfferingTooManyArms() {
        Http first = start(4, NEVER);
        Http second = start(4, NEVER);
        assertThat(first.put("/v1/placements/artwork/arms/d", "{}").statusCode())
                .isEqualTo(204);
        assertThat(second.send(HttpMethod.DELETE, "/v1/placements/artwork/arms/a").statusCode())
                .isEqualTo(204);

        // the first server has not synced: it still offers a, b, c and d
        var put = first.put("/v1/placements/artwork/arms/e", "{}");

        assertThat(put.statusCode()).as(put.bodyAsString()).isEqualTo(204);
        assertThat(arms(first)).containsExactlyInAnyOrder("b", "c", "d", "e");
        assertThat(placement(first).getJsonArray("retiredArms").getList())
                .containsExactly("a");
        assertThat(first.post("/v1/placements/artwork/decisions", new JsonObject()
                .put("context", DecisionsIT.context())).statusCode()).isEqualTo(200);
    }

    /**
     * A server whose placement has arms a, b, c and at most {@code max}, on a Vert.x of its
     * own as another process would be (two HTTP instances each), and a client of it.
     */
    private Http start(int max, Duration sync) {
        StoreSettings store = new StoreSettings(REDIS.uri(), PREFIX, sync,
                Duration.ofSeconds(2), 1000, Duration.ofHours(1));
        PlacementSettings artwork = new TestSettings.Builder("artwork", "ucb1", Map.of())
                .arms(TestSettings.arms(3)).limits(max, 3).build();
        Settings settings = new Settings("127.0.0.1", 0, TestSettings.MAX_BODY, store,
                PartsOfDay.defaults(), List.of(artwork));
        Vertx process = Vertx.vertx();
        processes.add(process);
        Server server = Http.await(Server.start(process, settings, new ServerOptions(
                new MutableClock(Instant.parse("2024-03-02T19:30:00Z")), 11, 2, null)));
        servers.add(server);
        Http http = new Http(vertx, server.port());
        clients.add(http);
        return http;
    }

    private static JsonObject placement(Http http) {
        return http.get("/v1/placements/artwork").bodyAsJsonObject();
    }

    private static List<Object> arms(Http http) {
        return placement(http).getJsonArray("arms").getList();
    }

    /** Every key of the store's prefix, and both arm keys' contents, sorted. */
    private static List<String> redisArms() {
        List<String> state = new ArrayList<>(lines("keys", PREFIX + ":*"));
        List<String> hash = lines("hgetall", ADDED);
        for (int i = 0; i + 1 < hash.size(); i += 2) {
            state.add(ADDED + " " + hash.get(i) + "=" + hash.get(i + 1));
        }
        lines("smembers", RETIRED).forEach(id -> state.add(RETIRED + " " + id));
        state.sort(null);
        return state;
    }

    private static List<String> lines(String... command) {
        return Arrays.asList(REDIS.server().cli(command).split("\n"));
    }
}
