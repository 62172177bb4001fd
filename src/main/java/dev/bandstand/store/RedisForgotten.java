package dev.bandstand.store;

import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The people forgotten through any instance, kept in Redis for {@link #RETENTION} as one sorted
 * set {@code <prefix>:forgotten} of user keys scored by the time they were forgotten, so that
 * every instance can take the keys out of its own decision log at its next sync. Holds keyed
 * hashes only. Thread-safe.
 */
final class RedisForgotten {

    /** How long a forgotten key is announced: longer than any decision log is kept. */
    static final Duration RETENTION = Duration.ofDays(400);

    /** Most keys one read returns; the next sync reads on from the last. */
    static final int PAGE = 1000;

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final String key;

    RedisForgotten(RedisClusterAsyncCommands<String, byte[]> redis, String prefix) {
        this.redis = redis;
        this.key = prefix + ":forgotten";
    }

    /** Announces {@code userKey} as forgotten at {@code nowMillis}; trims old entries. */
    Future<Void> add(String userKey, long nowMillis, Context ctx) {
        byte[] member = userKey.getBytes(StandardCharsets.UTF_8);
        return ScriptCalls.call(ctx, redis.zadd(key, (double) nowMillis, member))
                .compose(added -> ScriptCalls.call(ctx, redis.zremrangebyscore(key,
                        Range.create(Double.NEGATIVE_INFINITY,
                                (double) (nowMillis - RETENTION.toMillis())))))
                .mapEmpty();
    }

    /** Keys forgotten at or after {@code sinceMillis}, oldest first, at most {@link #PAGE}. */
    Future<List<ForgottenUser>> since(long sinceMillis, Context ctx) {
        Range<Double> range = Range.create((double) sinceMillis, Double.POSITIVE_INFINITY);
        return ScriptCalls.call(ctx, redis.zrangebyscoreWithScores(key, range,
                Limit.create(0, PAGE))).map(scored -> {
                    List<ForgottenUser> out = new ArrayList<>(scored.size());
                    for (ScoredValue<byte[]> v : scored) {
                        out.add(new ForgottenUser(new String(v.getValue(),
                                StandardCharsets.UTF_8), (long) v.getScore()));
                    }
                    return out;
                });
    }
}
