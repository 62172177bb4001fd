package dev.bandstand.api;

import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.placement.DecisionJournal;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
     * Resolves the user id secret and starts the writer when the log is on.
     *
     * @throws dev.bandstand.config.ConfigException when the log is on without a usable secret
     */
    static DecisionLogs open(Vertx vertx, Settings settings, Clock clock) {
        DecisionLogSettings log = settings.decisionLog();
        UserKeys keys = UserKeys.resolve(settings.privacy(), System.getenv(), log.on(),
                new SecureRandom());
        if (!log.on()) {
            return new DecisionLogs(vertx, DecisionJournal.off(keys), null, -1);
        }
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
