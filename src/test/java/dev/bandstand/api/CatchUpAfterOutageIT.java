package dev.bandstand.api;

import static dev.bandstand.api.ArtworkRequests.armStat;
import static dev.bandstand.api.ArtworkRequests.decide;
import static dev.bandstand.api.ArtworkRequests.errorCode;
import static dev.bandstand.api.ArtworkRequests.report;
import static dev.bandstand.api.ArtworkRequests.reward;
import static dev.bandstand.api.ArtworkRequests.rewardOnceWritten;
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
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one Redis that stops and comes back: server A talks to Redis directly, server
 * B through a {@link SlowLink}, so that writing B's outage backlog takes seconds. Meanwhile a
 * reward sent to A for a decision still in B's backlog is answered 503
 * {@code EVENT_MAYBE_PENDING} with Retry-After (never 404, which tells a client to drop it),
 * and a reward B buffered that finds its slot rewarded through A is not dropped silently: one
 * WARN for the backlog names it and tells that the applied value differs. The Redis keeps an
 * append-only file, so that its restart brings back what it had.
 */
class CatchUpAfterOutageIT {

    private static final Duration SYNC = Duration.ofMillis(200);
    /** Slow enough that B's backlog below takes a few seconds to write. */
    private static final int LINK_BYTES_PER_SECOND = 100_000;
    private static final int BACKLOG = 120;
    private static final Duration MOST = Duration.ofSeconds(60);

    private Path dir;
    private RedisServer redis;
    private SlowLink link;
    private Vertx vertx;
    private Server a;
    private Server b;
    private Http toA;
    private Http toB;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-catch-up-");
        redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
        link = SlowLink.start(redis, LINK_BYTES_PER_SECOND);
        vertx = Vertx.vertx();
        a = startServer(redis.uri(), Duration.ofSeconds(1));
        // every command of a backlog window passes the slow link within this timeout
        b = startServer(link.uri(), Duration.ofSeconds(20));
        toA = new Http(vertx, a.port());
        toB = new Http(vertx, b.port());
    }

    private Server startServer(String uri, Duration commandTimeout) {
        StoreSettings store = new StoreSettings(uri, "catchup", SYNC, commandTimeout, 1000,
                Duration.ofHours(1));
        PlacementSettings artwork = new TestSettings.Builder("artwork", "uniform", Map.of())
                .arms(TestSettings.arms(2)).build();
        Settings settings = new Settings("127.0.0.1", 0, TestSettings.MAX_BODY, store,
                PartsOfDay.defaults(), List.of(artwork));
        return Http.await(Server.start(vertx, settings, ServerOptions.forTests(
                new MutableClock(Instant.parse("2024-03-02T19:30:00Z")), 13)));
    }

    @AfterEach
    void stop() {
        try {
            toA.close();
            toB.close();
            Http.await(a.close());
            Http.await(b.close());
            Http.await(vertx.close());
        } finally {
            link.close();
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }

    /** Stops Redis once both servers decided, and has B decide {@link #BACKLOG} meanwhile. */
    private List<String> backlogOfB() {
        decide(toA);
        decide(toB);
        redis.stop();
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < BACKLOG; i++) {
            backlog.add(decide(toB));
        }
        return backlog;
    }

    @Test
    void aRewardForAnEventStillInAnotherServersBacklogIsRetryableNotUnknown() {
        List<String> backlog = backlogOfB();

        redis.restart();
        // the last decisions of the backlog are written last: ask for them first
        List<String> lastFirst = new ArrayList<>(backlog);
        Collections.reverse(lastFirst);
        Set<String> waiting = new LinkedHashSet<>(lastFirst);
        Map<String, Integer> answers = new TreeMap<>();
        List<String> retryAfter = new ArrayList<>();
        Set<String> reasons = new TreeSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (String eventId : List.copyOf(waiting)) {
                HttpResponse<Buffer> r = reward(toA, eventId, 1);
                String code = r.statusCode() == 202 ? "accepted" : errorCode(r);
                answers.merge(r.statusCode() + " " + code, 1, Integer::sum);
                if (r.statusCode() == 202) {
                    waiting.remove(eventId);
                } else if (code.equals("EVENT_MAYBE_PENDING")) {
                    retryAfter.add(r.getHeader("retry-after"));
                    String message = r.bodyAsJsonObject().getJsonObject("error")
                            .getString("message");
                    assertThat(message).contains(eventId);
                    reasons.add(message.replace(eventId, "E").replaceAll("instance \\S+",
                            "instance I"));
                }
            }
            Waits.pause();
        }
        awaitTrue(() -> storeStatus(toB).equals("up"));

        assertThat(answers).as("answers of A while B wrote its backlog")
                .containsKey("503 EVENT_MAYBE_PENDING")
                .doesNotContainKey("404 UNKNOWN_EVENT");
        assertThat(answers.keySet()).allMatch(k -> k.startsWith("202 ") || k.startsWith("503 "));
        assertThat(waiting).as("rewards never accepted").isEmpty();
        assertThat(retryAfter).allMatch(h -> h != null && Integer.parseInt(h) >= 1);
        // A answers so right after its own return until B renews its heartbeat (which B does
        // only once its backlog is marked), while B's mark in Redis says it writes, or while
        // B's renewals are overdue; which of them A saw depends on the machine's pace
        assertThat(reasons).isNotEmpty().allMatch(m -> m.contains("Redis again after an outage"
                + " moments ago") || m.contains("instance I is writing decisions")
                || m.contains("instance I has not renewed its heartbeat"));
        assertThat(armStat(report(toA), "count")).isEqualTo(BACKLOG);
    }

    @Test
    void aBufferedRewardThatFindsItsSlotRewardedThroughTheOtherServerIsLoggedOnce() {
        List<String> backlog = backlogOfB();
        String conflicting = backlog.get(0);
        String same = backlog.get(1);
        String alone = backlog.get(2);
        for (String eventId : List.of(conflicting, same, alone)) {
            assertThat(reward(toB, eventId, 1).statusCode()).isEqualTo(202);
        }
        CapturedLog log = new CapturedLog(Level.WARN);
        int toAConflicting;
        int toASame;
        try {
            redis.restart();
            // B writes its decisions first, its rewards after them all: A's come in between
            toAConflicting = rewardOnceWritten(toA, conflicting, 0, MOST);
            toASame = rewardOnceWritten(toA, same, 1, MOST);
            awaitTrue(() -> storeStatus(toB).equals("up"));
        } finally {
            log.close();
        }
        JsonObject report = report(toA);

        assertThat(List.of(toAConflicting, toASame)).containsOnly(202);
        assertThat(log.messages(Level.WARN)).filteredOn(m -> m.contains(conflicting)
                || m.contains(same)).singleElement().asString()
                .contains("2 of its buffered rewards", conflicting, same, "1 with another value")
                .doesNotContain(alone);
        // first written wins: 0 for the conflicting event, 1 for the others, each once
        assertThat(armStat(report, "count")).isEqualTo(3);
        assertThat(armStat(report, "pending")).isEqualTo(BACKLOG - 1);
        assertThat(sumOfRewards(report)).isEqualTo(2.0);
    }

    private static double sumOfRewards(JsonObject report) {
        return armStat(report, "count") * armStat(report, "mean");
    }

    private static void awaitTrue(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(60), condition);
    }
}
