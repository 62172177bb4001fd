package dev.bandstand.api;

import dev.bandstand.config.ConfigException;
import dev.bandstand.config.DecisionLogSettings;
import dev.bandstand.config.Settings;
import dev.bandstand.placement.DecisionJournal;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.IoReasons;
import dev.bandstand.store.DirectoryLock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service's decision log: its writer thread, the user keys, the retention timer
 * that deletes old files (once at start, then every tenth of the retention, at most hourly)
 * and the lock on its directory ({@value #LOCK}), held from start to close, so that two
 * servers never write into one directory: their files would interleave, and one's rotation,
 * retention or erasure would rewrite the other's files under it.
 */
final class DecisionLogs {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionLogs.class);
    private static final Duration MAX_CHECK_INTERVAL = Duration.ofHours(1);

    /** The lock file in the log's directory, held while a server writes there. */
    static final String LOCK = "decision-log.lock";

    private final Vertx vertx;
    private final DecisionJournal journal;
    private final DecisionLogWriter writer;
    private final DirectoryLock lock;
    private final long timer;

    private DecisionLogs(Vertx vertx, DecisionJournal journal, DecisionLogWriter writer,
            DirectoryLock lock, long timer) {
        this.vertx = vertx;
        this.journal = journal;
        this.writer = writer;
        this.lock = lock;
        this.timer = timer;
    }

    /**
     * Resolves the user id secret and, when the log is on, checks on a worker thread that its
     * directory can be written (creating it when missing) and takes its lock, then starts the
     * writer.
     *
     * @return a future failed with a {@link ConfigException} when the log is on without a
     *     usable secret ({@code privacy.userIdSecret}), or its directory cannot be written or
     *     another server (in this process or another) holds it ({@code decisionLog.dir},
     *     with the directory and the reason)
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
                    new DecisionLogs(vertx, DecisionJournal.off(keys), null, null, -1));
        }
        return vertx.executeBlocking(() -> lock(log.directory()), false)
                .map(lock -> start(vertx, log, keys, clock, lock));
    }

    /** Prepares the directory and takes its lock; blocks. */
    private static DirectoryLock lock(Path dir) {
        DirectoryLock lock;
        try {
            DecisionLogWriter.prepare(dir);
            lock = DirectoryLock.tryAcquire(dir, LOCK);
        } catch (IOException e) {
            throw new ConfigException("decisionLog.dir", "cannot create or write the"
                    + " directory: " + IoReasons.describe(e));
        }
        if (lock == null) {
            throw new ConfigException("decisionLog.dir", "the directory " + dir + " is in use"
                    + " by another Bandstand server (" + LOCK + " is locked): give each"
                    + " instance a directory of its own");
        }
        return lock;
    }

    private static DecisionLogs start(Vertx vertx, DecisionLogSettings log, UserKeys keys,
            Clock clock, DirectoryLock lock) {
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
        return new DecisionLogs(vertx, DecisionJournal.writingTo(writer, keys), writer, lock,
                timer);
    }

    DecisionJournal journal() {
        return journal;
    }

    /**
     * Stops the timer, writes what is queued, closes the files and releases the directory's
     * lock, on a worker thread.
     */
    Future<Void> close() {
        if (writer == null) {
            return Future.succeededFuture();
        }
        vertx.cancelTimer(timer);
        return vertx.executeBlocking(() -> {
            try {
                writer.close();
            } finally {
                lock.close();
            }
            return null;
        });
    }
}
