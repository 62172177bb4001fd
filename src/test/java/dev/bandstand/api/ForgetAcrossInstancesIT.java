package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.PrivacySettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import dev.bandstand.store.RedisServers;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forgetting a person through one instance also takes them out of the decision log of
 * another instance on the same Redis, at that instance's next sync: each writes its own log.
 */
class ForgetAcrossInstancesIT {

    @RegisterExtension
    static final RedisServers REDIS = RedisServers.standalone();

    private static final Duration SYNC = Duration.ofMillis(200);
    private static final String USER = "listener-42";

    @TempDir
    Path logs;

    private Vertx vertx;
    private Server first;
    private Server second;
    private Http toFirst;
    private Http toSecond;

    @BeforeEach
    void startTwoServersWithTheirOwnLogs() {
        vertx = Vertx.vertx();
        first = start(logs.resolve("first"));
        second = start(logs.resolve("second"));
        toFirst = new Http(vertx, first.port());
        toSecond = new Http(vertx, second.port());
    }

    private Server start(Path dir) {
        Settings base = TestSettings.of(new TestSettings.Builder("artwork", "uniform", Map.of())
                .arms(TestSettings.arms(3)).build());
        StoreSettings store = new StoreSettings(REDIS.uri(), "forget", SYNC,
                Duration.ofMillis(500), 1000, Duration.ofHours(1));
        Settings settings = new Settings(base.host(), 0, base.maxBodyBytes(), store,
                base.partsOfDay(), base.placements(),
                new DecisionLogSettings(dir, Rotation.NONE, 1 << 20, Duration.ofDays(30), 1000),
                new PrivacySettings("a shared secret of at least thirty-two characters"));
        return Http.await(Server.start(vertx, settings, ServerOptions.forTests(
                new MutableClock(Instant.parse("2024-03-02T19:30:00Z")), 11)));
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

    @Test
    void aPersonForgottenOnOneInstanceLeavesTheOtherInstancesLog() throws Exception {
        String eventId = toFirst.post("/v1/placements/artwork/decisions", new JsonObject()
                .put("context", DecisionsIT.context()).put("userId", USER))
                .bodyAsJsonObject().getString("eventId");
        // the second instance joins the reward, so its log holds the line
        assertThat(toSecond.post("/v1/rewards", new JsonObject().put("eventId", eventId)
                .put("value", 1)).statusCode()).isEqualTo(202);
        awaitLog(logs.resolve("second"), text -> text.contains(eventId));

        assertThat(toFirst.send(HttpMethod.DELETE, "/v1/users/" + USER).statusCode())
                .isEqualTo(204);

        awaitLog(logs.resolve("second"), text -> !text.contains(eventId));
        assertThat(read(logs.resolve("second"))).doesNotContain("\"_user\"");
    }

    private static void awaitLog(Path dir, Predicate<String> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.test(read(dir))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("log of " + dir + " not as expected: " + read(dir));
            }
            Thread.sleep(50);
        }
    }

    private static String read(Path dir) {
        if (!Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder out = new StringBuilder();
            for (Path f : files.toList()) {
                out.append(Files.readString(f));
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
