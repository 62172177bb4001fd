package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RedisServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server whose Redis stops mid-run, over HTTP: decisions are always answered from the last
 * model; decisions and rewards wait in buffers with bounds of their own (4 decisions, 3
 * rewards), so decisions never take the rewards' room; beyond their bound rewards are 503 and
 * decisions are answered {@code "recorded": false}; once Redis is back every acknowledged
 * reward counts exactly once. The Redis keeps an append-only file (fsync on every write), so
 * that its restart brings back what it acknowledged.
 */
class OutageIT {

    private OutageServer outage;
    private RedisServer redis;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        outage = new OutageServer("outage-http", uri -> new StoreSettings(uri, "outage",
                Duration.ofMillis(200), Duration.ofMillis(300), 3, Duration.ofHours(1), 4));
        redis = outage.redis;
        http = outage.http;
    }

    @AfterEach
    void stop() {
        outage.close();
    }

    @Test
    void decisionsAreAlwaysAnsweredAndEveryAcknowledgedRewardCountsOnceWhenRedisIsBack() {
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            before.add(decide().getString("eventId"));
        }
        CapturedLog log = new CapturedLog(Level.WARN);
        List<JsonObject> during = new ArrayList<>();
        String health;
        List<Integer> acknowledged = new ArrayList<>();
        int unrecordedWhileDown;
        try {
            redis.stop();
            for (int i = 0; i < 10; i++) {
                during.add(decide());
            }
            health = storeStatus();
            // two rewards for decisions Redis had, two for buffered ones: the bound is 3
            for (String eventId : List.of(before.get(0), during.get(0).getString("eventId"),
                    during.get(1).getString("eventId"), before.get(1))) {
                HttpResponse<Buffer> r = reward(eventId);
                acknowledged.add(r.statusCode());
                if (r.statusCode() == 202) {
                    // a buffered reward's receipt names the arm of its one-slot decision
                    assertThat(r.bodyAsJsonObject().getString("armId")).as(r.bodyAsString())
                            .isNotNull();
                }
            }
            unrecordedWhileDown = reward(during.get(9).getString("eventId")).statusCode();
        } finally {
            log.close();
            redis.restart();
        }
        awaitTrue(() -> storeStatus().equals("up"));
        int refusedThenRetried = reward(before.get(1)).statusCode();
        List<Integer> again = new ArrayList<>();
        for (String eventId : List.of(before.get(0), during.get(0).getString("eventId"),
                during.get(1).getString("eventId"), before.get(1))) {
            again.add(reward(eventId).statusCode());
        }
        // moments after the outage another instance may still write what it buffered, so an
        // event not found is "maybe pending" (503) for a short while, then unknown
        List<String> maybePending = new ArrayList<>();
        AtomicReference<HttpResponse<Buffer>> answer = new AtomicReference<>();
        awaitTrue(() -> {
            answer.set(reward(during.get(9).getString("eventId")));
            if (answer.get().statusCode() != 503) {
                return true;
            }
            maybePending.add(code(answer.get()) + " " + answer.get().getHeader("retry-after"));
            return false;
        });
        HttpResponse<Buffer> unrecorded = answer.get();
        JsonObject report = http.get("/v1/placements/artwork").bodyAsJsonObject();

        assertThat(during).hasSize(10);
        assertThat(during.subList(0, 4)).allSatisfy(d -> assertThat(d.containsKey("recorded"))
                .as(d.encode()).isFalse());
        assertThat(during.subList(4, 10)).allSatisfy(d -> assertThat(d.getBoolean("recorded"))
                .as(d.encode()).isFalse());
        assertThat(health).isEqualTo("degraded");
        assertThat(acknowledged).containsExactly(202, 202, 202, 503);
        assertThat(unrecordedWhileDown).isEqualTo(503);
        assertThat(log.messages())
                .filteredOn(m -> m.contains("\"recorded\": false")).singleElement().asString()
                .contains("4 places for decisions");
        assertThat(refusedThenRetried).isEqualTo(202);
        assertThat(again).containsOnly(409);
        assertThat(maybePending).allMatch(m -> m.equals("EVENT_MAYBE_PENDING 1"));
        assertThat(unrecorded.statusCode()).isEqualTo(404);
        assertThat(code(unrecorded)).isEqualTo("UNKNOWN_EVENT");
        // 2 decided before, 4 buffered; 4 rewards applied once each
        assertThat(total(report, "count")).isEqualTo(4.0);
        assertThat(total(report, "pending")).isEqualTo(2.0);
        assertThat(report.getLong("version")).isEqualTo(6 + 4);
    }

    @Test
    void aStoppedRedisIsLoggedOnceAsUnreachableAndOnceAsAnsweringAgain() {
        String known = decide().getString("eventId");
        List<Integer> whileDown = new ArrayList<>();
        // the recovery lines are INFO
        CapturedLog log = new CapturedLog(Level.INFO);
        try {
            redis.stop();
            awaitTrue(() -> storeStatus().equals("degraded"));
            // calls the store takes (buffered) between calls it cannot take
            for (int i = 0; i < 3; i++) {
                whileDown.add(reward("never-decided-" + i).statusCode());
                decide();
            }
            whileDown.add(reward(known).statusCode());
            whileDown.add(reward("never-decided").statusCode());
            decide();
            redis.restart();
            awaitTrue(() -> storeStatus().equals("up"));
            decide();
        } finally {
            log.close();
        }

        assertThat(whileDown).containsExactly(503, 503, 503, 202, 503);
        assertThat(log.messages(Level.WARN)).filteredOn(m -> m.contains("unreachable")
                || m.contains("failed")).singleElement().asString()
                .startsWith("Redis unreachable");
        assertThat(log.messages()).filteredOn(m -> m.endsWith("answers again")).hasSize(1);
        assertThat(log.messages()).filteredOn(m -> m.startsWith("Redis reachable again"))
                .hasSize(1);
    }

    private JsonObject decide() {
        return outage.decide();
    }

    private HttpResponse<Buffer> reward(String eventId) {
        return outage.reward(eventId);
    }

    private static String code(HttpResponse<Buffer> response) {
        return response.bodyAsJsonObject().getJsonObject("error").getString("code");
    }

    private String storeStatus() {
        return outage.storeStatus();
    }

    private static double total(JsonObject report, String field) {
        double total = 0;
        for (Object o : report.getJsonArray("statistics")) {
            total += ((JsonObject) o).getDouble(field);
        }
        return total;
    }

    /** Polls a condition (at most 30 s). */
    private static void awaitTrue(BooleanSupplier condition) {
        Waits.until(Duration.ofSeconds(30), condition);
    }
}
