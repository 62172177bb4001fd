package dev.bandstand.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where statistics live.
 *
 * @param redisUri a {@code redis://}, {@code rediss://}, Sentinel or Cluster URI, or null for
 *     the embedded in-memory store
 * @param prefix key namespace in Redis
 * @param syncInterval how often each instance reloads its local model from the store
 * @param commandTimeout how long one Redis command may take before it counts as failed
 * @param rewardBuffer most rewards held in memory while Redis is unreachable; beyond that
 *     rewards are refused with 503
 * @param sweepInterval how often expired decisions are settled
 * @param decisionBuffer most decisions held in memory while Redis is unreachable (counting
 *     those on their way to Redis); beyond that decisions are still answered, but not
 *     recorded, so rewards never lose their room to decisions
 * @param outboxJournal directory of the outbox journal, the file that keeps what is buffered
 *     while Redis is unreachable over a crash, or null for none (the buffer is then in
 *     memory only)
 * @param partitionGrace how long after another instance's heartbeat in Redis lapsed an event
 *     this instance cannot find is answered as maybe pending (that instance may be cut off
 *     from Redis, buffering decisions) rather than unknown
 */
public record StoreSettings(
        String redisUri,
        String prefix,
        Duration syncInterval,
        Duration commandTimeout,
        int rewardBuffer,
        Duration sweepInterval,
        int decisionBuffer,
        Path outboxJournal,
        Duration partitionGrace) {

    /** Checks for nulls, and the Redis URI as {@link ConfigLoader#checkRedisUri} does. */
    public StoreSettings {
        if (redisUri != null) {
            ConfigLoader.checkRedisUri("store.redis.uri", redisUri);
        }
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(syncInterval, "syncInterval");
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(partitionGrace, "partitionGrace");
    }

    /** Settings with {@link Defaults#PARTITION_GRACE}. */
    public StoreSettings(String redisUri, String prefix, Duration syncInterval,
            Duration commandTimeout, int rewardBuffer, Duration sweepInterval,
            int decisionBuffer, Path outboxJournal) {
        this(redisUri, prefix, syncInterval, commandTimeout, rewardBuffer, sweepInterval,
                decisionBuffer, outboxJournal, Defaults.PARTITION_GRACE);
    }

    /** Settings without an outbox journal. */
    public StoreSettings(String redisUri, String prefix, Duration syncInterval,
            Duration commandTimeout, int rewardBuffer, Duration sweepInterval,
            int decisionBuffer) {
        this(redisUri, prefix, syncInterval, commandTimeout, rewardBuffer, sweepInterval,
                decisionBuffer, null);
    }

    /** Settings with {@link Defaults#DECISION_BUFFER} as the decision buffer, no journal. */
    public StoreSettings(String redisUri, String prefix, Duration syncInterval,
            Duration commandTimeout, int rewardBuffer, Duration sweepInterval) {
        this(redisUri, prefix, syncInterval, commandTimeout, rewardBuffer, sweepInterval,
                Defaults.DECISION_BUFFER);
    }

    /** These settings with {@code redisUri} instead. */
    public StoreSettings withRedisUri(String redisUri) {
        return new StoreSettings(redisUri, prefix, syncInterval, commandTimeout, rewardBuffer,
                sweepInterval, decisionBuffer, outboxJournal, partitionGrace);
    }

    /** These settings with {@code outboxJournal} (null for none) instead. */
    public StoreSettings withOutboxJournal(Path outboxJournal) {
        return new StoreSettings(redisUri, prefix, syncInterval, commandTimeout, rewardBuffer,
                sweepInterval, decisionBuffer, outboxJournal, partitionGrace);
    }

    /** These settings with {@code partitionGrace} instead. */
    public StoreSettings withPartitionGrace(Duration partitionGrace) {
        return new StoreSettings(redisUri, prefix, syncInterval, commandTimeout, rewardBuffer,
                sweepInterval, decisionBuffer, outboxJournal, partitionGrace);
    }

    /**
     * {@code uri} as it may be logged or shown: user name and password replaced by
     * {@code ***}, the query (which may carry options with secrets) left out.
     */
    public static String redacted(String uri) {
        return uri.replaceFirst("(^|//)[^@/]*@", "$1***@").replaceFirst("\\?.*$", "");
    }
}
