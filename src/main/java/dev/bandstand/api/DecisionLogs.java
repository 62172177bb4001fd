package dev.bandstand.api;

import dev.bandstand.config.ConfigException;
import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.placement.DecisionJournal;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.IoReasons;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service's decision log: its writer thread, the user keys and the retention
 * timer that deletes old files (once at start, then every tenth of the retention, at most
 * hourly).
 */
final class DecisionLogs {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogs.class);
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofHours(1);

    private final Vertx vertx;
    private final DecisionJournal journal;
    private final DecisionLogWriter writer;
    private final long timer;

    private DecisionLogs(Vertx vertx, DecisionJournal journal, DecisionLogWriter writer,
            long timer) {
        this.vertx = vertx;
        this.journal = journal;
        this.writer = writer;
        this.timer = timer;
    }

    /**
     * Resolves the user id secret and, when the log is on, checks on a worker thread that its
     * directory can be written (creating it when missing), then starts the writer.
     *
     * @return a future failed with a {@link ConfigException} when the log is on without a
     *     usable secret ({@code privacy.userIdSecret}) or its directory cannot be written
     *     ({@code decisionLog.dir}, with the reason)
     */
    static Future<DecisionLogs> open(Vertx vertx, Settings settings, Clock clock) {
        DecisionLogSettings log = settings.decisionLog();
        UserKeys keys;
        try {
            keys = UserKeys.resolve(settings.privacy(), System.getenv(), log.on(),
                    new SecureRandom());
        } catch (ConfigException e) {
            return Future.failedFuture(e);
        }
        if (!log.on()) {
            return Future.succeededFuture(
                    new DecisionLogs(vertx, DecisionJournal.off(keys), null, -1));
        }
        return vertx.executeBlocking(() -> {
            try {
                DecisionLogWriter.prepare(log.directory());
            } catch (IOException e) {
                throw new ConfigException("decisionLog.dir", "cannot create or write the"
                        + " directory: " + IoReasons.describe(e));
            }
            return null;
        }, false).map(v -> start(vertx, log, keys, clock));
    }

    private static DecisionLogs start(Vertx vertx, DecisionLogSettings log, UserKeys keys,
            Clock clock) {
        DecisionLogWriter writer = new DecisionLogWriter(log.directory(), log.rotation(),
                log.maxBytes(), log.queueCapacity(), clock);
        Duration every = log.retention().dividedBy(10);
        every = every.compareTo(MAX_CHECK_INTERVAL) > 0 ? MAX_CHECK_INTERVAL : every;
        Duration retention = log.retention();
        long timer = vertx.setPeriodic(1, Math.max(1, every.toMillis()),
                id -> writer.deleteOlderThan(retention).whenComplete((n, err) -> {
                    if (err != null) {
                        LOG.error("Decision log retention failed in {}", log.directory(), err);
                    }
                }));
        LOG.info("Decision log on in {} ({} rotation, retention {})", log.directory(),
                log.rotation(), retention);
        return new DecisionLogs(vertx, DecisionJournal.writingTo(writer, keys), writer, timer);
    }

    DecisionJournal journal() {
        return journal;
    }

    /** Stops the timer, writes what is queued and closes the files, on a worker thread. */
    Future<Void> close() {
        if (writer == null) {
            return Future.succeededFuture();
        }
        vertx.cancelTimer(timer);
        return vertx.executeBlocking(() -> {
            writer.close();
            return null;
        });
    }
}
