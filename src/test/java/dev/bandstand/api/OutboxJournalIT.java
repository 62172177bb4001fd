package dev.bandstand.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bandstand.config.StoreSettings;
import dev.bandstand.store.RedisServers;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server with an outbox journal whose directory becomes unusable during a Redis outage (a
 * regular file in its place, which no permission can override): nothing is acknowledged that
 * the journal does not hold. Rewards are refused with 503 and a message saying why, decisions
 * are answered {@code "recorded": false}, one WARN tells the operator; once the directory is
 * back, rewards are acknowledged again, and every acknowledged reward counts once when Redis
 * answers.
 */
class OutboxJournalIT {

    private OutageServer outage;
    private Path journal;

    @BeforeEach
    void start() throws Exception {
        journal = Files.createTempDirectory("bandstand-journal-").resolve("journal");
        outage = new OutageServer("journal-http", uri -> new StoreSettings(uri, "journal",
                Duration.ofMillis(200), Duration.ofMillis(300), 10, Duration.ofHours(1), 10,
                journal));
    }

    @AfterEach
    void stop() {
        try {
            outage.close();
        } finally {
            RedisServers.deleteTree(journal.getParent());
        }
    }

    @Test
    void whileTheJournalCannotBeWrittenNothingIsAcknowledgedAndOneWarningSaysWhy()
            throws Exception {
        List<String> before = List.of(outage.decide().getString("eventId"),
                outage.decide().getString("eventId"), outage.decide().getString("eventId"));
        CapturedLog log = new CapturedLog(Level.WARN);
        List<HttpResponse<Buffer>> refused = new ArrayList<>();
        JsonObject unrecorded;
        int acknowledged;
        try {
            RedisServers.deleteTree(journal);
            Files.writeString(journal, "a file where the journal's directory was");
            outage.redis.stop();
            refused.add(outage.reward(before.get(0)));
            unrecorded = outage.decide();
            refused.add(outage.reward(before.get(1)));
            Files.delete(journal);
            Files.createDirectory(journal);
            acknowledged = outage.reward(before.get(2)).statusCode();
        } finally {
            log.close();
            outage.redis.restart();
        }
        Waits.until(Duration.ofSeconds(30), () -> outage.storeStatus().equals("up"));
        int retried = outage.reward(before.get(0)).statusCode();

        assertThat(refused).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.getHeader("retry-after")).isEqualTo("1");
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("code"))
                    .isEqualTo("STORE_UNAVAILABLE");
            assertThat(r.bodyAsJsonObject().getJsonObject("error").getString("message"))
                    .isEqualTo("Redis is unreachable and the outage buffer cannot be kept on"
                            + " disk; retry later");
        });
        assertThat(unrecorded.getBoolean("recorded")).isFalse();
        assertThat(log.messages(Level.WARN)).filteredOn(m -> m.contains("Outbox journal"))
                .singleElement().asString()
                .contains(journal.resolve("outbox.journal").toString(), "cannot be written");
        assertThat(acknowledged).isEqualTo(202);
        assertThat(retried).isEqualTo(202);
        // 3 decisions recorded, the one answered unrecorded is not; 2 rewards, each once
        assertThat(sum("n")).isEqualTo(2.0);
        assertThat(sum("p")).isEqualTo(1.0);
        assertThat(outage.redis.cli("hget", "journal:{artwork}:s", "#v")).isEqualTo("5");
    }

    /** A field of the coarsest bucket, summed over both arms, as Redis holds it. */
    private double sum(String field) {
        double sum = 0;
        for (String arm : List.of("a", "b")) {
            String reply = outage.redis.cli("hget", "journal:{artwork}:s", field + "||" + arm);
            sum += reply.isEmpty() ? 0 : Double.parseDouble(reply);
        }
        return sum;
    }
}
