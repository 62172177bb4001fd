package dev.bandstand.store;

import static dev.bandstand.store.Decisions.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bandstand.config.StoreSettings;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A Redis restarted between two commands is an outage all the same: the store notices the
 * dropped connection itself, buffers meanwhile, and counts as having come back once it
 * reconnects, so that it waits for the other instances' backlogs ({@link CatchUp}). Without
 * this, a restart shorter than the pause between two commands went unnoticed, and such an
 * instance answered 404 for events another instance still held in its outage buffer.
 */
class RedisConnectionLossIT {

    private final Logger logger = (Logger) LoggerFactory.getLogger(Outbox.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Level before = logger.getLevel();
    private Path dir;
    private RedisServer redis;
    private Vertx vertx;
    private RedisStatsStore store;

    @BeforeEach
    void start() throws Exception {
        dir = Files.createTempDirectory("bandstand-connection-loss-");
        redis = RedisServer.start(dir, "--appendonly", "yes", "--appendfsync", "always");
        vertx = Vertx.vertx();
        store = await(RedisStatsStore.connect(vertx, new StoreSettings(redis.uri(), "loss",
                Duration.ofSeconds(30), Duration.ofMillis(500), 100, Duration.ofHours(1))));
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void stop() {
        try {
            logger.detachAppender(events);
            logger.setLevel(before);
            await(store.close());
            await(vertx.close());
        } finally {
            redis.stop();
            RedisServers.deleteTree(dir);
        }
    }

    private List<String> lines() {
        synchronized (events) {
            return events.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage())
                    .toList();
        }
    }

    @Test
    void aRestartBetweenTwoCommandsIsNoticedAndEndsAsAnOutage() {
        // the heartbeat renews once a second; the restart takes a fraction of that
        redis.restart();

        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (lines().stream().noneMatch(l -> l.startsWith("INFO Redis reachable again"))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        assertThat(lines()).as("noticed and came back").anyMatch(l -> l.startsWith(
                "INFO Redis reachable again"));
        assertThat(lines()).anyMatch(l -> l.startsWith("WARN Redis unreachable"));
        assertThat(store.degraded()).isFalse();
    }
}
