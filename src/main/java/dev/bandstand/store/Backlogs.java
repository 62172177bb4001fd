package dev.bandstand.store;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Which instances are writing an outage backlog, kept in Redis so that every instance can
 * ask: one sorted set {@code P:backlogs} (one key, so one Cluster slot), member an instance's
 * id, score the moment its mark lapses by the Redis server's clock (script
 * {@code backlog.lua}). An instance marks before it writes the first operation of its
 * backlog, renews the mark with every window it writes and clears it once all is written; a
 * mark not renewed for {@link #lifetime(Duration)} (the instance died, or lost Redis again)
 * counts for nothing. Another instance asks only when it cannot find an event, so finding
 * one costs nothing more. Thread-safe.
 */
final class Backlogs {

    /** The shortest time a mark lasts without being renewed. */
    static final Duration SHORTEST_MARK = Duration.ofSeconds(10);

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final RedisScripts scripts;
    private final String[] key;
    private final String instance;
    private final byte[] lifetimeMs;

    /**
     * @param commandTimeout how long one command may take; a mark lasts ten times that, and
     *     at least {@link #SHORTEST_MARK}, so that a window of slow writes does not outlive it
     */
    Backlogs(RedisClusterAsyncCommands<String, byte[]> redis, RedisScripts scripts,
            RedisKeys keys, Duration commandTimeout) {
        this.redis = redis;
        this.scripts = scripts;
        this.key = new String[] {keys.backlogs()};
        this.instance = ProcessHandle.current().pid() + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        this.lifetimeMs = ascii(lifetime(commandTimeout).toMillis());
    }

    /** How long a mark lasts unless renewed. */
    static Duration lifetime(Duration commandTimeout) {
        Duration tenTimes = commandTimeout.multipliedBy(10);
        return tenTimes.compareTo(SHORTEST_MARK) > 0 ? tenTimes : SHORTEST_MARK;
    }

    /** This instance's id in the set: process id and a random part. */
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

    /** The id of an instance whose mark has not lapsed, or null when none is writing. */
    Future<String> live(Context ctx) {
        return run("live", ctx).map(reply -> reply.isEmpty() ? null
                : new String((byte[]) reply.get(0), StandardCharsets.UTF_8));
    }

    private Future<List<Object>> run(String what, Context ctx) {
        return ScriptCalls.call(ctx, scripts.run(redis, scripts.backlog, key, ascii(what),
                instance.getBytes(StandardCharsets.UTF_8), lifetimeMs));
    }

    private static byte[] ascii(Object value) {
        return String.valueOf(value).getBytes(StandardCharsets.US_ASCII);
    }
}
