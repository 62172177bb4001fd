package dev.bandstand.config;

import java.time.Duration;

/**
 * The value every optional configuration key takes when the file leaves it out, and the
 * bounds the loader checks. {@code conf/bandstand.yaml} documents the same values.
 */
public final class Defaults {

    /** {@code server.host}: every interface, as a container needs. */
    public static final String HOST = "0.0.0.0";

    /** {@code server.port}. */
    public static final int PORT = 8080;

    /**
     * {@code server.maxBodyBytes}: 4 MiB, room for a playlist request with 10,000 candidate
     * tracks and a few features each.
     */
    public static final long MAX_BODY_BYTES = 4L << 20;

    /** Upper bound of {@code server.maxBodyBytes}: 64 MiB. */
    public static final long MAX_BODY_BYTES_LIMIT = 64L << 20;

    /** {@code server.idleTimeout}: a connection silent this long is closed. */
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** {@code server.bodyTimeout}: a request body not complete this long is answered 408. */
    public static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);

    /** {@code store.prefix}. */
    public static final String PREFIX = "bandstand";

    /** {@code store.syncInterval}. */
    public static final Duration SYNC_INTERVAL = Duration.ofSeconds(1);

    /** {@code store.commandTimeout}. */
    public static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);

    /** {@code store.rewardBuffer}. */
    public static final int REWARD_BUFFER = 100_000;

    /** Upper bound of {@code store.rewardBuffer}. */
    public static final int REWARD_BUFFER_LIMIT = 10_000_000;

    /** {@code store.decisionBuffer}. */
    public static final int DECISION_BUFFER = 100_000;

    /** Upper bound of {@code store.decisionBuffer}. */
    public static final int DECISION_BUFFER_LIMIT = 10_000_000;

    /** {@code store.sweepInterval}. */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(1);

    /**
     * {@code store.partitionGrace}: for this long after another instance's heartbeat lapsed,
     * events not found are answered as maybe pending (503), not unknown (404).
     */
    public static final Duration PARTITION_GRACE = Duration.ofMinutes(5);

    /** {@code decisionLog.maxBytes}: 64 MiB per file with size rotation. */
    public static final long LOG_MAX_BYTES = 64L << 20;

    /** {@code decisionLog.retention}: decision log files are deleted after 30 days. */
    public static final Duration LOG_RETENTION = Duration.ofDays(30);

    /** {@code decisionLog.queue}: lines waiting for the writer thread. */
    public static final int LOG_QUEUE = 100_000;

    /** {@code placements.*.reward.min}. */
    public static final double REWARD_MIN = 0.0;

    /** {@code placements.*.reward.max}. */
    public static final double REWARD_MAX = 1.0;

    /** {@code placements.*.reward.wait}. */
    public static final Duration REWARD_WAIT = Duration.ofMinutes(30);

    /** {@code placements.*.backoffMinObservations}. */
    public static final int BACKOFF_MIN_OBSERVATIONS = 20;

    /** {@code placements.*.maxCandidates}. */
    public static final int MAX_CANDIDATES = 100;

    /** Upper bound of {@code placements.*.maxCandidates}. */
    public static final int MAX_CANDIDATES_LIMIT = 10_000;

    /** {@code placements.*.maxCount}. */
    public static final int MAX_COUNT = 10;

    /** Upper bound of {@code placements.*.maxCount}. */
    public static final int MAX_COUNT_LIMIT = 100;

    /** {@code placements.*.features.dimensions}. */
    public static final int DIMENSIONS = FeatureSettings.DEFAULT_DIMENSIONS;

    /** Upper bound of {@code placements.*.features.dimensions}: d x d statistics per model. */
    public static final int DIMENSIONS_LIMIT = 1024;

    /** {@code placements.*.features.armId}. */
    public static final boolean ARM_ID = true;

    private Defaults() {
    }
}
