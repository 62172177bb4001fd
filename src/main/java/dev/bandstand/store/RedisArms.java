package dev.bandstand.store;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The arm changes of the Redis store, shared by every instance. Per placement, in its Cluster
 * slot: {@code prefix:{placement}:arms} hash of added arm id to description, and
 * {@code prefix:{placement}:retired} set of retired arm ids, which the reward and sweep
 * scripts read to keep a retired arm's rewards from training the model. Both keys change
 * together in one script. Immutable and thread-safe.
 */
final class RedisArms {

    private final String prefix;
    private final RedisScripts.Script script = RedisScripts.load("arms");

    RedisArms(RedisKeys keys) {
        this.prefix = keys.prefix();
    }

    String added(String placement) {
        return prefix + ":{" + placement + "}:arms";
    }

    String retired(String placement) {
        return prefix + ":{" + placement + "}:retired";
    }

    CompletionStage<List<Object>> add(RedisScripts scripts,
            RedisClusterAsyncCommands<String, byte[]> redis, String placement, String armId,
            String description) {
        RedisKeys.checkPlacement(placement);
        return scripts.run(redis, script, new String[] {added(placement), retired(placement)},
                bytes("add"), bytes(armId), bytes(description));
    }

    CompletionStage<List<Object>> retire(RedisScripts scripts,
            RedisClusterAsyncCommands<String, byte[]> redis, String placement, String armId) {
        RedisKeys.checkPlacement(placement);
        return scripts.run(redis, script, new String[] {added(placement), retired(placement)},
                bytes("retire"), bytes(armId), new byte[0]);
    }

    CompletionStage<ArmRoster> roster(RedisClusterAsyncCommands<String, byte[]> redis,
            String placement) {
        RedisKeys.checkPlacement(placement);
        return redis.hgetall(added(placement)).thenCombine(redis.smembers(retired(placement)),
                (added, retired) -> {
                    Map<String, String> a = new HashMap<>();
                    added.forEach((id, d) -> a.put(id, utf8(d)));
                    Set<String> r = new HashSet<>();
                    retired.forEach(id -> r.add(utf8(id)));
                    return new ArmRoster(a, r);
                });
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
