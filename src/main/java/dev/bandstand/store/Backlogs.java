package dev.bandstand.store;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which instances may still write events that others cannot find yet, kept in Redis so that
 * every instance can ask (script {@code backlog.lua}, scores by the Redis server's clock).
 *
 * <p>Marks: one sorted set {@code P:backlogs}, member an instance's id, score the moment its
 * mark lapses. An instance marks before it writes the first operation of an outage backlog,
 * renews the mark with every window it writes and clears it once all is written; a mark not
 * renewed for {@link #lifetime(Duration)} (the instance died, or lost Redis again) counts for
 * nothing.
 *
 * <p>Heartbeats: one sorted set {@code P:{P:backlogs}:heartbeats} in the same Cluster slot,
 * member an instance's id, score the moment its heartbeat lapses. Every running instance
 * renews its own every {@link #HEARTBEAT_INTERVAL} while it reaches Redis ({@link Heartbeat})
 * and removes it when it shuts down. A heartbeat that lapsed less than the partition grace ago
 * tells that its instance may be cut off from Redis alone, buffering decisions it writes once
 * it reconnects, or that it stopped without shutting down: the two cannot be told apart. One
 * that lapsed longer ago is removed by the next beat.
 *
 * <p>Renewals: one sorted set {@code P:{P:backlogs}:renewals}, score the moment an instance
 * last renewed its heartbeat. An instance that has not renewed for {@link #OVERDUE} may be
 * catching up after an outage of Redis itself, or cut off, whatever its own heartbeat's
 * lifetime (which grows with its command timeout): it counts like a lapsed one, only sooner.
 *
 * <p>Another instance asks ({@link #live}) only when it cannot find an event, one script for
 * the three sets, so finding one costs nothing more. Thread-safe.
 */
final class Backlogs {

    /** The shortest time a mark lasts without being renewed. */
    static final Duration SHORTEST_MARK = Duration.ofSeconds(10);

    /** How often an instance renews its heartbeat. */
    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

    /** How long without a renewal makes an instance overdue: two and a half intervals. */
    static final Duration OVERDUE = Duration.ofMillis(2_500);

    /**
     * An instance that may still write events others cannot find.
     *
     * @param instance its id
     * @param writing true when it marked its backlog, false when its heartbeat is overdue or
     *     lapsed
     * @param lapsedMs when not writing, how long ago its heartbeat lapsed (or, when
     *     {@code overdue}, how long ago it was last renewed) in milliseconds; else 0
     * @param overdue true when it was found by its last renewal, not by a lapse
     */
    record Holder(String instance, boolean writing, long lapsedMs, boolean overdue) {

        /** A marked or lapsed holder. */
        Holder(String instance, boolean writing, long lapsedMs) {
            this(instance, writing, lapsedMs, false);
        }
    }

    /**
     * One other instance as a renewal sees it.
     *
     * @param untilMs the milliseconds until its heartbeat lapses (negative: since it lapsed)
     * @param renewedAt the moment it last renewed, by the Redis server's clock in epoch
     *     milliseconds, or -1 when not known
     */
    record Peer(long untilMs, long renewedAt) {
    }

    /** What a renewal tells of the other instances: each with its {@link Peer}. */
    record Beat(Map<String, Peer> peers) {

        /** Each other instance with the milliseconds until its heartbeat lapses. */
        Map<String, Long> untilMs() {
            Map<String, Long> out = new LinkedHashMap<>();
            peers.forEach((instance, peer) -> out.put(instance, peer.untilMs()));
            return out;
        }

        /** Each other instance with when it last renewed (-1 when not known). */
        Map<String, Long> renewedAt() {
            Map<String, Long> out = new LinkedHashMap<>();
            peers.forEach((instance, peer) -> out.put(instance, peer.renewedAt()));
            return out;
        }
    }

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final RedisScripts scripts;
    private final String[] keys;
    private final String instance;
    private final byte[] markMs;
    private final byte[] heartbeatMs;
    private final byte[] graceMs;
    private final byte[] overdueMs = ascii(OVERDUE.toMillis());

    /**
     * @param commandTimeout how long one command may take; a mark lasts ten times that, and
     *     at least {@link #SHORTEST_MARK}, so that a window of slow writes does not outlive it;
     *     a heartbeat {@link #heartbeatLifetime(Duration)}
     * @param partitionGrace how long after its heartbeat lapsed an instance counts as one
     *     that may still write what it holds
     */
    Backlogs(RedisClusterAsyncCommands<String, byte[]> redis, RedisScripts scripts,
            RedisKeys keys, Duration commandTimeout, Duration partitionGrace) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = new String[] {keys.backlogs(), keys.heartbeats(), keys.renewals()};
        this.instance = ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        this.markMs = ascii(lifetime(commandTimeout).toMillis());
        this.heartbeatMs = ascii(heartbeatLifetime(commandTimeout).toMillis());
        this.graceMs = ascii(partitionGrace.toMillis());
    }

    /** How long a mark lasts unless renewed. */
    static Duration lifetime(Duration commandTimeout) {
        Duration tenTimes = commandTimeout.multipliedBy(10);
        return tenTimes.compareTo(SHORTEST_MARK) > 0 ? tenTimes : SHORTEST_MARK;
    }

    /**
     * How long a heartbeat lasts unless renewed: three intervals and a command timeout, so
     * that a renewal that is slow, or a process stalled for a moment, does not let it lapse.
     */
    static Duration heartbeatLifetime(Duration commandTimeout) {
        return HEARTBEAT_INTERVAL.multipliedBy(3).plus(commandTimeout);
    }

    /** This instance's id in both sets: process id and a random part. */
    String instance() {
        return instance;
    }

    /** Marks (or renews the mark of) this instance as writing its backlog. */
    Future<Void> mark() {
        return run("mark", null).mapEmpty();
    }

    /** Clears this instance's mark: its backlog is written. */
    Future<Void> clear() {
        return run("clear", null).mapEmpty();
    }

    /**
     * An instance writing its backlog, else another whose heartbeat lapsed within the partition
     * grace (the latest), or null when neither is found.
     */
    Future<Holder> live(Context ctx) {
        return run("live", ctx).map(reply -> {
            if (reply.isEmpty()) {
                return null;
            }
            String kind = utf8(reply.get(0));
            boolean writing = kind.equals("writing");
            return new Holder(utf8(reply.get(1)), writing, writing ? 0 : (Long) reply.get(2),
                    kind.equals("overdue"));
        });
    }

    /**
     * Renews this instance's heartbeat (and removes those that lapsed longer than the partition
     * grace ago).
     *
     * @return every other instance with a heartbeat; completes on Lettuce's threads
     */
    Future<Beat> beat() {
        return run("beat", null).map(reply -> {
            Map<String, Peer> peers = new LinkedHashMap<>();
            for (int i = 0; i + 2 < reply.size(); i += 3) {
                peers.put(utf8(reply.get(i)),
                        new Peer((Long) reply.get(i + 1), (Long) reply.get(i + 2)));
            }
            return new Beat(peers);
        });
    }

    /** Removes this instance's heartbeat: it shuts down. */
    Future<Void> leave() {
        return run("leave", null).mapEmpty();
    }

    private Future<List<Object>> run(String what, Context ctx) {
        return ScriptCalls.call(ctx, scripts.run(redis, scripts.backlog, keys, ascii(what),
                instance.getBytes(StandardCharsets.UTF_8), markMs, heartbeatMs, graceMs,
                overdueMs));
    }

    private static String utf8(Object bytes) {
        return new String((byte[]) bytes, StandardCharsets.UTF_8);
    }

    private static byte[] ascii(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
    }
}
