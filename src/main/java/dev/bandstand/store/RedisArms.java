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
 * together in one script, which also counts the arms the placement offers before an addition,
 * so that additions racing from any number of instances never pass its limit. Immutable and
 * thread-safe.
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

    /**
     * Adds the arm unless the placement offers {@code limit.max()} arms already, counted in
     * the script from both keys and the configured ids, and this is not one of them.
     */
    CompletionStage<ArmAddition> add(RedisScripts scripts,
            RedisClusterAsyncCommands<String, byte[]> redis, String placement, String armId,
            String description, ArmLimit limit) {
        RedisKeys.checkPlacement(placement);
        List<String> configured = limit.configured();
        byte[][] args = new byte[4 + configured.size()][];
        args[0] = bytes("add");
        args[1] = bytes(armId);
        args[2] = bytes(description);
        args[3] = bytes(Integer.toString(limit.max()));
        for (int i = 0; i < configured.size(); i++) {
            args[4 + i] = bytes(configured.get(i));
        }
        return scripts.run(redis, script, new String[] {added(placement), retired(placement)},
                args).thenApply(reply -> new ArmAddition((Long) reply.get(0) == 1,
                        Math.toIntExact((Long) reply.get(1))));
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
