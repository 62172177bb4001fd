package dev.bandstand.api;

import static dev.bandstand.api.ArtworkRequests.armStat;
import static dev.bandstand.api.ArtworkRequests.decide;
import static dev.bandstand.api.ArtworkRequests.errorCode;
import static dev.bandstand.api.ArtworkRequests.errorMessage;
import static dev.bandstand.api.ArtworkRequests.report;
import static dev.bandstand.api.ArtworkRequests.reward;
import static dev.bandstand.api.ArtworkRequests.rewardOnceWritten;
import static dev.bandstand.api.ArtworkRequests.rewardWhile;
import static dev.bandstand.api.ArtworkRequests.storeStatus;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.config.PlacementSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RedisServer;
import dev.bandstand.store.RedisServers;
import dev.bandstand.store.SlowLink;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one Redis, A directly, B through a {@link SlowLink} that the test cuts: B
 * alone loses Redis (a network partition) while A keeps it. B keeps deciding and buffers its
 * decisions; once B misses its renewals in Redis, a reward sent to A for such a decision is
 * answered 503 {@code EVENT_MAYBE_PENDING} (retry), not 404 (drop), for
 * {@code store.partitionGrace}; after B reconnects the reward counts once. Past the grace, an
 * event A cannot find is unknown again; after a clean shutdown, at once.
 */
class PartitionIT {

    private static final Duration SYNC = Duration.ofMillis(200);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** Past a heartbeat's lifetime (3 intervals of 1 s and a command timeout) with room. */
    private static final Duration PAST_LIFETIME = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String HEARTBEATS = "partition:{partition:backlogs}:heartbeats";
    private static final Pattern INSTANCE = Pattern.compile(
            "instance (\\S+) (?:has not renewed|in Redis lapsed)");

    private Path dir;
    private RedisServer redis;
    private SlowLink link;
    private Vertx vertx;
    private final List<Server> servers = new ArrayList<>();
    private final List<Http> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-partition-");
        redis = RedisServer.start(dir);
        link = SlowLink.start(redis, 0);
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        try {
            link.mend();
            clients.forEach(Http::close);
            for (Server s : servers) {
                Http.await(s.close());
            }
            Http.await(vertx.close());
        } finally {
            link.close();
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }

    /** A server on {@code uri}; its client. */
    private Http startServer(String uri, Duration partitionGrace) {
        StoreSettings store = new StoreSettings(uri, "partition", SYNC, COMMAND_TIMEOUT, 1000,
                Duration.ofHours(1)).withPartitionGrace(partitionGrace);
        PlacementSettings artwork = new TestSettings.Builder("artwork", "uniform", Map.of())
                .arms(TestSettings.arms(2)).build();
        Settings settings = new Settings("127.0.0.1", 0, TestSettings.MAX_BODY, store,
                PartsOfDay.defaults(), List.of(artwork));
        Server server = Http.await(Server.start(vertx, settings, ServerOptions.forTests(
                new MutableClock(Instant.parse("2024-03-02T19:30:00Z")), 17)));
        servers.add(server);
        Http http = new Http(vertx, server.port());
        clients.add(http);
        return http;
    }

    @Test
    void aRewardSentToAnotherServerForADecisionMadeWhileCutOffIsRetryableThenCountsOnce() {
        Http toA = startServer(redis.uri(), Duration.ofMinutes(5));
        Http toB = startServer(link.uri(), Duration.ofMinutes(5));
        decide(toA);
        decide(toB);
        CapturedLog log = new CapturedLog(Level.INFO);
        try {
            link.cut();
            String eventId = decide(toB);
            // until B misses its renewals A cannot tell that B is cut off: 404 then
            HttpResponse<Buffer> first = rewardWhile(toA, eventId, 1, 404, WAIT);
            Matcher m = INSTANCE.matcher(errorMessage(first));
            assertThat(m.find()).as(errorMessage(first)).isTrue();
            String instance = m.group(1);
            // over several more heartbeats of A: still retryable, and warned about once
            List<Integer> within = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until) {
                within.add(reward(toA, eventId, 1).statusCode());
                Waits.pause();
            }
            List<String> warnings = log.messages(Level.WARN);
            link.mend();
            Waits.until(WAIT, () -> storeStatus(toB).equals("up"));
            int accepted = rewardOnceWritten(toA, eventId, 1, WAIT);
            int again = reward(toA, eventId, 1).statusCode();
            Waits.until(WAIT, () -> log.messages(Level.INFO).contains(
                    "Instance " + instance + " renews its heartbeat in Redis again"));

            assertThat(first.statusCode()).isEqualTo(503);
            assertThat(errorCode(first)).isEqualTo("EVENT_MAYBE_PENDING");
            assertThat(first.getHeader("retry-after")).isEqualTo("1");
            assertThat(errorMessage(first)).contains(eventId, "cut off from Redis",
                    "stopped without shutting down", "5m after");
            assertThat(within).isNotEmpty().containsOnly(503);
            assertThat(warnings).filteredOn(w -> w.contains("has not renewed its heartbeat"))
                    .singleElement().asString()
                    .contains("Instance " + instance, "store.partitionGrace (5m)");
            // written when B came back, and counted once
            assertThat(accepted).isEqualTo(202);
            assertThat(again).isEqualTo(409);
            assertThat(armStat(report(toA), "count")).isEqualTo(1.0);
        } finally {
            log.close();
        }
    }

    @Test
    void pastAShortGraceAnEventNoServerHoldsIsUnknownAgainAndTheLapsedHeartbeatIsGone() {
        Http toA = startServer(redis.uri(), Duration.ofSeconds(2));
        startServer(link.uri(), Duration.ofSeconds(2));
        Waits.until(WAIT, () -> redis.cli("zcard", HEARTBEATS).equals("2"));

        link.cut();
        HttpResponse<Buffer> maybe = rewardWhile(toA, "never-decided", 1, 404, WAIT);
        HttpResponse<Buffer> after = rewardWhile(toA, "never-decided", 1, 503, WAIT);
        Waits.until(WAIT, () -> redis.cli("zcard", HEARTBEATS).equals("1"));

        assertThat(maybe.statusCode()).isEqualTo(503);
        assertThat(errorCode(maybe)).isEqualTo("EVENT_MAYBE_PENDING");
        assertThat(after.statusCode()).isEqualTo(404);
    }

    @Test
    void aCleanShutdownRemovesTheHeartbeatSoNoEventIsAnsweredMaybePending() {
        Http toA = startServer(redis.uri(), Duration.ofMinutes(5));
        startServer(link.uri(), Duration.ofMinutes(5));
        Waits.until(WAIT, () -> redis.cli("zcard", HEARTBEATS).equals("2"));
        CapturedLog log = new CapturedLog(Level.WARN);
        List<Integer> answers = new ArrayList<>();
        String left;
        try {
            Server b = servers.remove(1);
            Http.await(b.close());
            left = redis.cli("zcard", HEARTBEATS);
            long until = System.nanoTime() + PAST_LIFETIME.toNanos();
            while (System.nanoTime() < until) {
                answers.add(reward(toA, "never-decided", 1).statusCode());
                Waits.pause();
            }
        } finally {
            log.close();
        }

        assertThat(left).isEqualTo("1");
        assertThat(answers).isNotEmpty().containsOnly(404);
        assertThat(log.messages(Level.WARN)).noneMatch(w -> w.contains("heartbeat"));
    }
}
