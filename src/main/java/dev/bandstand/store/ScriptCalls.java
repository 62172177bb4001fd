package dev.bandstand.store;

import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Redis side of the store's pending decisions: claiming a client's event id, recording
 * decisions (a batch of one placement per script), finding one by event id, joining a reward,
 * sweeping expired ones, forgetting a person, and the placement's arm changes
 * ({@link RedisArms}). Each method is one script on one placement's keys, or reads only, but
 * for the claim, one {@code SET} on its own key. Futures complete on {@code ctx} when it is
 * not null, else on Lettuce's threads. Thread-safe.
 */
final class ScriptCalls {

    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final RedisKeys keys;
    private final RedisScripts scripts = new RedisScripts();
    private final RedisArms arms;
    private final Set<String> placements = ConcurrentHashMap.newKeySet();

    ScriptCalls(RedisClusterAsyncCommands<String, byte[]> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
        this.arms = new RedisArms(keys);
    }

    /** Every placement with decisions in Redis, read again; sorted by name. */
    Future<Set<String>> placements(Context ctx) {
        return call(ctx, redis.smembers(keys.placements())).map(members -> {
            Set<String> names = new TreeSet<>();
            members.forEach(m -> names.add(utf8(m)));
            placements.addAll(names);
            return names;
        });
    }

    // TODO(redis-cpu): ~37% of a bare endpoint's throughput on two shared cores (target 60%):
    // redis-server spends ~17 us per script, ~17 us per operation, ~0.8 us per sums field, and
    // 60% there leaves 6 us per decision for all Redis adds (docs/benchmarks-redis.md)
    /**
     * Records one placement's decisions in one script, in order.
     *
     * @return per decision true, or false when its event id is taken by another decision
     */
    Future<List<Boolean>> record(String placement, List<Outbox.Decision> ops, Context ctx) {
        String[] k = new String[2 + 3 * ops.size()];
        byte[][] args = new byte[6 * ops.size()][];
        k[0] = keys.sums(placement);
        k[1] = keys.deadlines(placement);
        for (int i = 0; i < ops.size(); i++) {
            PendingDecision d = ops.get(i).decision();
            long ttl = ttl(d);
            long second = d.expiresAt().getEpochSecond();
            String user = userKey(d.log());
            k[2 + 3 * i] = keys.record(placement, d.eventId());
            k[3 + 3 * i] = keys.bucket(placement, second);
            k[4 + 3 * i] = keys.user(placement, user);
            args[6 * i] = ops.get(i).encoded();
            args[6 * i + 1] = ascii(ttl);
            args[6 * i + 2] = bytes(d.eventId());
            args[6 * i + 3] = ascii(second);
            args[6 * i + 4] = bytes(user);
            args[6 * i + 5] = ascii(ttl + RedisStatsStore.UNSWEPT_GRACE.toMillis());
        }

        Future<Long> known = placements.contains(placement) ? Future.succeededFuture(0L)
                : call(ctx, redis.sadd(keys.placements(), bytes(placement)))
                        .onSuccess(n -> placements.add(placement));
        Future<List<Object>> recorded = call(ctx, scripts.run(redis, scripts.record, k, args));
        return Future.all(known, recorded).map(all -> {
            List<Object> reply = recorded.result();
            List<Boolean> out = new ArrayList<>(ops.size());
            for (int i = 1; i < reply.size(); i++) {
                out.add((Long) reply.get(i) == 1);
            }
            return out;
        });
    }

    /**
     * The decision of {@code eventId}, looked for in every known placement at once (one
     * round trip); when none has it, the placements are read again first, in case another
     * instance added one.
     */
    Future<PendingDecision> find(String eventId, Context ctx) {
        return findIn(new TreeSet<>(placements), eventId, ctx).compose(found -> {
            if (found != null) {
                return Future.succeededFuture(found);
            }
            Set<String> before = Set.copyOf(placements);
            return placements(ctx).compose(all -> {
                all.removeAll(before);
                return all.isEmpty() ? Future.succeededFuture(null) : findIn(all, eventId, ctx);
            });
        });
    }

    /**
     * Claims a client's event id for the decision's placement before the decision is recorded,
     * so that one id names one decision in the whole store however requests race:
     * {@code SET prefix:id:ID placement NX PX ttl GET}, on the id's own key (its own Cluster
     * slot), living as long as the decision's record may. Sent together with a look for the id
     * in every other placement (a client may reuse an id this service drew, which has no
     * claim): one round trip, and a second only for placements another instance added since
     * this one last read them. Drawn ids never come here, so they cost nothing.
     *
     * @return true when the id is the placement's: claimed now, or before by the same
     *     placement (the record script then tells a retry from a clash); false when another
     *     placement holds it
     */
    Future<Boolean> claim(PendingDecision d, Context ctx) {
        String placement = d.placement();
        Future<byte[]> holder = call(ctx, redis.setGet(keys.claim(d.eventId()),
                bytes(placement), SetArgs.Builder.nx().px(ttl(d))));
        Set<String> others = new TreeSet<>(placements);
        others.remove(placement);
        Future<PendingDecision> elsewhere = findIn(others, d.eventId(), ctx);
        Future<Set<String>> all = placements(ctx);
        return Future.all(holder, elsewhere, all).compose(done -> {
            byte[] claimed = holder.result();
            if (claimed != null && !utf8(claimed).equals(placement)) {
                return Future.succeededFuture(false);
            }
            if (elsewhere.result() != null) {
                return unclaim(d, claimed, ctx);
            }
            Set<String> added = new TreeSet<>(all.result());
            added.removeAll(others);
            added.remove(placement);
            return added.isEmpty() ? Future.succeededFuture(true)
                    : findIn(added, d.eventId(), ctx).compose(found -> found == null
                            ? Future.succeededFuture(true) : unclaim(d, claimed, ctx));
        });
    }

    /**
     * False, after taking back a claim made just now ({@code before} null) for an id another
     * placement's decision turned out to hold, so that the id is not refused in that placement
     * once its decision is gone. Only this call set the key, and no one else can set it while
     * it lives, so deleting it removes only this claim.
     */
    private Future<Boolean> unclaim(PendingDecision d, byte[] before, Context ctx) {
        if (before != null) {
            return Future.succeededFuture(false);
        }
        return call(ctx, redis.del(keys.claim(d.eventId()))).transform(
                done -> Future.succeededFuture(false));
    }

    private Future<PendingDecision> findIn(Set<String> names, String eventId, Context ctx) {
        List<String> order = new ArrayList<>(names);
        List<Future<byte[]>> reads = new ArrayList<>(order.size());
        for (String placement : order) {
            reads.add(call(ctx, redis.get(keys.record(placement, eventId))));
        }
        return Future.all(reads).map(all -> {
            for (int i = 0; i < order.size(); i++) {
                byte[] raw = reads.get(i).result();
                if (raw != null) {
                    return PendingCodec.decode(eventId, order.get(i), raw);
                }
            }
            return null;
        });
    }

    /**
     * A reward to join, with its decision as this process holds it (or null): when that has
     * no log payload, Redis need not send the record back.
     */
    record Join(Outbox.Reward op, PendingDecision known) {
    }

    /** Joins rewards with their decisions in {@code placement}, in order, in one script. */
    Future<List<RewardOutcome>> join(String placement, List<Join> joins, Context ctx) {
        String[] k = new String[2 + joins.size()];
        byte[][] args = new byte[1 + 5 * joins.size()][];
        k[0] = keys.sums(placement);
        k[1] = arms.retired(placement);
        args[0] = ascii(RedisStatsStore.REMEMBER.toMillis());
        for (int i = 0; i < joins.size(); i++) {
            Outbox.Reward op = joins.get(i).op();
            PendingDecision known = joins.get(i).known();
            k[2 + i] = keys.record(placement, op.eventId());
            args[1 + 5 * i] = bytes(op.armId() == null ? "" : op.armId());
            args[2 + 5 * i] = bytes(Double.toString(op.reward()));
            args[3 + 5 * i] = ascii(op.now().getEpochSecond());
            args[4 + 5 * i] = ascii(op.now().getNano());
            args[5 + 5 * i] = bytes(known == null || known.log() != null ? "1" : "");
        }
        return call(ctx, scripts.run(redis, scripts.reward, k, args)).map(reply -> {
            List<RewardOutcome> out = new ArrayList<>(joins.size());
            for (int i = 0; i < joins.size(); i++) {
                Join j = joins.get(i);
                @SuppressWarnings("unchecked")
                List<Object> one = (List<Object>) reply.get(i);
                out.add(RedisReplies.rewardOutcome(one, j.op().eventId(), placement,
                        j.op().reward(), j.known()));
            }
            return out;
        });
    }

    /**
     * Settles up to {@code limit} due decisions of one placement into {@code settled}, one
     * script per at most {@code limit} ids taken from the deadline buckets.
     *
     * @return the number of decisions settled
     */
    Future<Integer> sweep(String placement, Instant now, int limit,
            List<RewardOutcome> settled, Context ctx) {
        String[] k = {keys.deadlines(placement), keys.sums(placement),
            arms.retired(placement)};
        return call(ctx, scripts.run(redis, scripts.sweep, k,
                bytes(keys.recordPrefix(placement)),
                bytes(keys.bucketPrefix(placement)),
                ascii(now.getEpochSecond()),
                ascii(now.getNano()),
                ascii(limit),
                ascii(RedisStatsStore.REMEMBER.toMillis()),
                ascii(RedisStatsStore.UNSWEPT_GRACE.toSeconds())))
                .compose(reply -> {
                    for (int i = 1; i < reply.size(); i++) {
                        List<?> entry = (List<?>) reply.get(i);
                        settled.addAll(RedisReplies.settledSlots(placement, entry));
                    }
                    int done = reply.size() - 1;
                    boolean more = (Long) reply.get(0) == 1;
                    return more && done < limit
                            ? sweep(placement, now, limit - done, settled, ctx).map(n -> done + n)
                            : Future.succeededFuture(done);
                });
    }

    /** Forgets a person in one placement; the event ids whose payload was dropped. */
    Future<List<String>> forget(String placement, String userKey, Context ctx) {
        return call(ctx, scripts.run(redis, scripts.forget,
                new String[] {keys.user(placement, userKey)},
                bytes(keys.recordPrefix(placement)), bytes(userKey)))
                .map(ids -> ids.stream().map(id -> utf8((byte[]) id)).toList());
    }

    /**
     * Adds an arm to {@code placement}, or brings a retired one back, in one script that
     * refuses it when the placement offers {@code limit.max()} arms already.
     */
    Future<ArmAddition> addArm(String placement, String armId, String description,
            ArmLimit limit, Context ctx) {
        return call(ctx, arms.add(scripts, redis, placement, armId, description, limit));
    }

    /** Retires an arm of {@code placement} in one script. */
    Future<Void> retireArm(String placement, String armId, Context ctx) {
        return call(ctx, arms.retire(scripts, redis, placement, armId)).mapEmpty();
    }

    /** The arms added and retired in {@code placement}. */
    Future<ArmRoster> arms(String placement, Context ctx) {
        return call(ctx, arms.roster(redis, placement));
    }

    /** The placement's sums hash. */
    Future<StatsSnapshot> snapshot(String placement, Context ctx) {
        String sums = keys.sums(placement);
        return call(ctx, redis.hgetall(sums)).compose(fields -> {
            StatsSnapshot snapshot = RedisReplies.toSnapshot(fields);
            if (fields.isEmpty() || fields.containsKey(RedisKeys.LAYOUT_FIELD)) {
                return Future.succeededFuture(snapshot);
            }
            // A new hash, or one Redis lost and the first decision since wrote again: this
            // process added the placement to the set only once, so it adds it again, else the
            // sweep and other instances would not look in it. Failures wait for the next sync.
            Future<Boolean> marked = call(ctx, redis.hsetnx(sums, RedisKeys.LAYOUT_FIELD,
                    RedisKeys.LAYOUT_VALUE.getBytes(StandardCharsets.US_ASCII)));
            Future<Long> named = call(ctx, redis.sadd(keys.placements(), bytes(placement)));
            return Future.join(marked, named).transform(done -> Future.succeededFuture(snapshot));
        });
    }

    /** A cheap command that succeeds when Redis answers. */
    Future<Void> ping() {
        return call(null, redis.ping()).mapEmpty();
    }

    /** How long a decision's record lives when no instance settles it, in milliseconds. */
    private static long ttl(PendingDecision d) {
        return Math.max(0, Duration.between(d.decidedAt(), d.expiresAt()).toMillis())
                + RedisStatsStore.UNSWEPT_GRACE.toMillis();
    }

    /** The user key a log payload names on its first line ({@code u:key}), or "". */
    static String userKey(String log) {
        if (log == null || !log.startsWith("u:")) {
            return "";
        }
        int end = log.indexOf('\n');
        return log.substring(2, end < 0 ? log.length() : end);
    }

    static <T> Future<T> call(Context ctx, CompletionStage<T> stage) {
        return ctx == null ? Future.fromCompletionStage(stage)
                : Future.fromCompletionStage(stage, ctx);
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
