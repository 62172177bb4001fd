package dev.bandstand.store;

import dev.bandstand.config.StoreSettings;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statistics and pending decisions in Redis (standalone, Sentinel or Cluster), shared by every
 * instance that uses the same Redis and prefix.
 *
 * <p>Each change is one Lua script on one placement's keys (see {@link RedisKeys}), so it is
 * atomic and applies exactly the {@link dev.bandstand.policy.StatsFields} increments; nothing
 * is read, modified and written back from Java. A reward costs one round trip (the join
 * script in the placement's slot) when this process made or looked up the decision lately,
 * else two: the event's placement is looked up first.
 *
 * <p>Outages: a failed or timed-out command marks Redis down; decisions and rewards are then
 * accepted into a buffer of at most {@link StoreSettings#rewardBuffer()} operations (rewards
 * answer {@link RewardOutcome.Status#QUEUED}) and written in order once Redis answers.
 * Beyond the bound they fail with {@link StoreUnavailableException}. Snapshots and sweeps fail
 * while Redis is down; the engine keeps its last model. {@link #close()} flushes the buffer
 * for a bounded time.
 *
 * <p>Limitations: a buffered reward for a decision that another instance settles at expiry
 * before the buffer drains ends as EXPIRED, the default reward standing; if no instance
 * sweeps for {@link #UNSWEPT_GRACE} after a decision's wait, its record expires and its
 * pending counts stay (a WARN names it). Sums go through HINCRBYFLOAT, which adds in long
 * double and keeps 17 significant digits, so they may differ from a double sum in the last
 * digit.
 *
 * <p>Thread-safe; futures complete on the caller's Vert.x context when there is one.
 */
public final class RedisStatsStore implements StatsStore {

    /** How long a decision's record outlives its wait when no instance settles it. */
    public static final Duration UNSWEPT_GRACE = Duration.ofMinutes(15);
    /** How long a settled decision is remembered, so late rewards read DUPLICATE or EXPIRED. */
    public static final Duration REMEMBER = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(RedisStatsStore.class);
    private static final long DRAIN_INTERVAL_MS = 200;
    private static final int RECENT_DECISIONS = 10_000;

    private final Vertx vertx;
    private final StoreSettings settings;
    private final RedisLink link;
    private final RedisClusterAsyncCommands<String, byte[]> redis;
    private final RedisKeys keys;
    private final RedisScripts scripts = new RedisScripts();
    private final RedisArms arms;
    private final Outbox outbox;
    private final Set<String> knownPlacements = ConcurrentHashMap.newKeySet();
    private final RecentDecisions recent = new RecentDecisions(RECENT_DECISIONS);
    private final long drainTimer;
    private volatile boolean closed;

    private RedisStatsStore(Vertx vertx, StoreSettings settings, RedisLink link) {
        this.vertx = vertx;
        this.settings = settings;
        this.link = link;
        this.redis = link.commands();
        this.keys = new RedisKeys(settings.prefix());
        this.arms = new RedisArms(keys);
        this.outbox = new Outbox(vertx, settings.rewardBuffer(), this::resend,
                () -> call(null, redis.ping()).mapEmpty());
        this.drainTimer = vertx.setPeriodic(DRAIN_INTERVAL_MS, id -> outbox.drain());
    }

    /**
     * Connects to {@code settings.redisUri()}.
     *
     * @return the store, or a failure when Redis cannot be reached at start-up
     */
    public static Future<RedisStatsStore> connect(Vertx vertx, StoreSettings settings) {
        String uri = Objects.requireNonNull(settings.redisUri(), "redisUri");
        new RedisKeys(settings.prefix()); // refuses a prefix that would break the hash tags
        if (settings.rewardBuffer() < 0) {
            throw new IllegalArgumentException("rewardBuffer must be >= 0: "
                    + settings.rewardBuffer());
        }
        return Future.fromCompletionStage(RedisLink.open(uri, settings.commandTimeout()))
                .map(link -> {
                    LOG.info("Statistics in Redis at {} (cluster: {}, prefix: {})",
                            redact(uri), link.cluster(), settings.prefix());
                    return new RedisStatsStore(vertx, settings, link);
                });
    }

    @Override
    public Future<Boolean> recordDecision(PendingDecision decision) {
        Context ctx = Vertx.currentContext();
        Outbox.Decision op;
        try {
            checkOpen();
            RedisReplies.check(decision);
            op = new Outbox.Decision(decision, PendingCodec.encode(decision));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (outbox.bufferFirst()) {
            return outbox.offer(op, null).map(true).onSuccess(ok -> recent.put(decision));
        }
        return sendDecision(op, ctx)
                .recover(e -> afterFailure(op, e).map(true))
                .onSuccess(recorded -> {
                    if (recorded) {
                        recent.put(decision);
                    }
                });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answered from this process's recent decisions when it has the event, else from
     * Redis (two round trips). While Redis is unreachable an event this process does not hold
     * fails with {@link StoreUnavailableException}.
     */
    @Override
    public Future<PendingDecision> decision(String eventId) {
        Context ctx = Vertx.currentContext();
        Objects.requireNonNull(eventId, "eventId");
        PendingDecision known = recent.get(eventId);
        if (known != null) {
            return Future.succeededFuture(known);
        }
        if (closed || outbox.bufferFirst()) {
            return Future.failedFuture(new StoreUnavailableException("Redis is unreachable and"
                    + " event " + eventId + " was not decided here lately", null));
        }
        return call(ctx, redis.get(keys.index(eventId)))
                .compose(placement -> placement == null ? Future.succeededFuture(null)
                        : lookUp(eventId, utf8(placement), ctx))
                .onFailure(this::noteFailure);
    }

    private Future<PendingDecision> lookUp(String eventId, String placement, Context ctx) {
        return call(ctx, redis.get(keys.record(placement, eventId))).map(raw -> {
            if (raw == null) {
                return null;
            }
            PendingDecision d = PendingCodec.decode(eventId, placement, raw);
            recent.put(d);
            return d;
        });
    }

    @Override
    public Future<RewardOutcome> applyReward(
            String eventId, String armId, double reward, Instant now) {
        Context ctx = Vertx.currentContext();
        Outbox.Reward op;
        try {
            checkOpen();
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(now, "now");
            if (!(reward >= 0 && reward <= 1)) {
                throw new IllegalArgumentException("reward must be in [0, 1]: " + reward);
            }
            op = new Outbox.Reward(eventId, armId, reward, now);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        if (outbox.bufferFirst()) {
            return outbox.offer(op, null).map(queued());
        }
        return sendReward(op, ctx).recover(e -> afterFailure(op, e).map(queued()));
    }

    @Override
    public Future<List<RewardOutcome>> expireDue(Instant now, int limit) {
        Context ctx = Vertx.currentContext();
        if (closed || outbox.degraded()) {
            return Future.failedFuture(new StoreUnavailableException(
                    "Redis is unreachable or the store closed; expired decisions wait", null));
        }
        List<RewardOutcome> settled = new ArrayList<>();
        return call(ctx, redis.smembers(keys.placements()))
                .compose(members -> {
                    Set<String> placements = new TreeSet<>();
                    members.forEach(m -> placements.add(utf8(m)));
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (String placement : placements) {
                        chain = chain.compose(done -> done >= limit
                                ? Future.succeededFuture(done)
                                : sweep(placement, now, limit - done, settled, ctx)
                                        .map(n -> done + n));
                    }
                    return chain;
                })
                .map(done -> settled)
                .onFailure(this::noteFailure);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the person's event-id set of each placement (written when a decision is
     * recorded, no scan) and rewrites each decision without its payload, one script per
     * placement. Fails with {@link StoreUnavailableException} while Redis is unreachable or
     * buffered decisions wait to be written, since those may name the person.
     */
    @Override
    public Future<Integer> forgetUser(String userKey) {
        Context ctx = Vertx.currentContext();
        Objects.requireNonNull(userKey, "userKey");
        if (closed || outbox.degraded()) {
            return Future.failedFuture(new StoreUnavailableException(
                    "Redis is unreachable or decisions wait to be written; forget again later",
                    null));
        }
        return call(ctx, redis.smembers(keys.placements()))
                .compose(members -> {
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (byte[] m : members) {
                        String placement = utf8(m);
                        chain = chain.compose(done -> forget(placement, userKey, ctx)
                                .map(n -> done + n));
                    }
                    return chain;
                })
                .onFailure(this::noteFailure);
    }

    private Future<Integer> forget(String placement, String userKey, Context ctx) {
        return call(ctx, scripts.run(redis, scripts.forget,
                new String[] {keys.user(placement, userKey)},
                bytes(keys.recordPrefix(placement)), bytes(userKey)))
                .map(ids -> {
                    ids.forEach(id -> recent.dropLog(utf8((byte[]) id)));
                    return ids.size();
                });
    }

    /** The user key a log payload names on its first line ({@code u:key}), or "". */
    static String userKey(String log) {
        if (log == null || !log.startsWith("u:")) {
            return "";
        }
        int end = log.indexOf('\n');
        return log.substring(2, end < 0 ? log.length() : end);
    }

    @Override
    public Future<Void> addArm(String placement, String armId, String description) {
        Context ctx = Vertx.currentContext();
        return call(ctx, arms.add(scripts, redis, placement, armId, description))
                .<Void>mapEmpty().onFailure(this::noteFailure);
    }

    @Override
    public Future<Void> retireArm(String placement, String armId) {
        Context ctx = Vertx.currentContext();
        return call(ctx, arms.retire(scripts, redis, placement, armId))
                .<Void>mapEmpty().onFailure(this::noteFailure);
    }

    @Override
    public Future<ArmRoster> arms(String placement) {
        Context ctx = Vertx.currentContext();
        return call(ctx, arms.roster(redis, placement)).onFailure(this::noteFailure);
    }

    @Override
    public Future<StatsSnapshot> snapshot(String placement) {
        Context ctx = Vertx.currentContext();
        RedisKeys.checkPlacement(placement);
        return call(ctx, redis.hgetall(keys.sums(placement)))
                .map(RedisReplies::toSnapshot)
                .onFailure(this::noteFailure);
    }

    @Override
    public boolean shared() {
        return true;
    }

    /**
     * True while Redis is unreachable or buffered operations wait to be written: decisions
     * and rewards are still accepted (up to the buffer bound) but other instances do not see
     * them yet. Health checks report this as degraded.
     */
    public boolean degraded() {
        return outbox.degraded();
    }

    /** Decisions and rewards accepted but not yet written to Redis. */
    public int buffered() {
        return outbox.size();
    }

    @Override
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        vertx.cancelTimer(drainTimer);
        Duration wait = settings.commandTimeout().multipliedBy(3);
        if (wait.compareTo(Duration.ofSeconds(5)) < 0) {
            wait = Duration.ofSeconds(5);
        }
        return outbox.flush(System.nanoTime() + wait.toNanos())
                .compose(v -> Future.fromCompletionStage(link.close()))
                .onSuccess(v -> LOG.info("Redis store closed"));
    }

    private Future<Boolean> sendDecision(Outbox.Decision op, Context ctx) {
        PendingDecision d = op.decision();
        String placement = d.placement();
        long ttl = Math.max(0, Duration.between(d.decidedAt(), d.expiresAt()).toMillis())
                + UNSWEPT_GRACE.toMillis();
        Future<String> index = call(ctx, redis.set(keys.index(d.eventId()), bytes(placement),
                SetArgs.Builder.nx().px(ttl)));
        Future<Long> known = knownPlacements.contains(placement)
                ? Future.succeededFuture(0L)
                : call(ctx, redis.sadd(keys.placements(), bytes(placement)))
                        .onSuccess(n -> knownPlacements.add(placement));
        String user = userKey(d.log());
        Future<List<Object>> recorded = call(ctx, scripts.run(redis, scripts.record,
                new String[] {keys.record(placement, d.eventId()), keys.sums(placement),
                    keys.deadlines(placement), keys.user(placement, user)},
                op.encoded(), bytes(Long.toString(ttl)), bytes(d.eventId()),
                bytes(Long.toString(d.expiresAt().toEpochMilli())), bytes(user)));
        return Future.all(index, known, recorded).map(all -> (Long) recorded.result().get(0) == 1);
    }

    private Future<RewardOutcome> sendReward(Outbox.Reward op, Context ctx) {
        PendingDecision known = recent.get(op.eventId());
        if (known != null) {
            return joinReward(op, known.placement(), ctx);
        }
        return call(ctx, redis.get(keys.index(op.eventId()))).compose(placement -> placement == null
                ? Future.succeededFuture(new RewardOutcome(RewardOutcome.Status.UNKNOWN_EVENT,
                        null, null, Double.NaN, 0))
                : joinReward(op, utf8(placement), ctx));
    }

    private Future<RewardOutcome> joinReward(Outbox.Reward op, String placement, Context ctx) {
        String[] k = {keys.record(placement, op.eventId()), keys.sums(placement),
            keys.deadlines(placement), arms.retired(placement)};
        return call(ctx, scripts.run(redis, scripts.reward, k,
                bytes(op.armId() == null ? "" : op.armId()),
                bytes(Double.toString(op.reward())),
                bytes(Long.toString(op.now().getEpochSecond())),
                bytes(Integer.toString(op.now().getNano())),
                bytes(Long.toString(REMEMBER.toMillis())),
                bytes(op.eventId())))
                .map(reply -> RedisReplies.rewardOutcome(reply, op.eventId(), placement,
                        op.reward()));
    }

    // TODO(sweep-race): a reward buffered on another instance for a decision settled here first
    // ends EXPIRED there; settling a little after the deadline would narrow that window
    private Future<Integer> sweep(String placement, Instant now, int limit,
            List<RewardOutcome> settled, Context ctx) {
        String[] k = {keys.deadlines(placement), keys.sums(placement),
            arms.retired(placement)};
        return call(ctx, scripts.run(redis, scripts.sweep, k,
                bytes(keys.recordPrefix(placement)),
                bytes(Long.toString(now.toEpochMilli())),
                bytes(Long.toString(now.getEpochSecond())),
                bytes(Integer.toString(now.getNano())),
                bytes(Integer.toString(limit)),
                bytes(Long.toString(REMEMBER.toMillis()))))
                .map(entries -> {
                    for (Object e : entries) {
                        settled.addAll(RedisReplies.settledSlots(placement, (List<?>) e));
                    }
                    return entries.size();
                });
    }

    /** Writes a buffered operation again; fails only when it should be tried once more. */
    private Future<Void> resend(Outbox.Op op) {
        Future<?> sent = op instanceof Outbox.Decision d ? sendDecision(d, null).map(recorded -> {
            if (!recorded) {
                LOG.warn("Buffered decision {} was not recorded: its event id is taken",
                        d.eventId());
            }
            return recorded;
        }) : sendReward((Outbox.Reward) op, null).map(outcome -> {
            LOG.debug("Buffered reward for {} written: {}", op.eventId(), outcome.status());
            return outcome;
        });
        return sent.<Void>mapEmpty().recover(e -> {
            if (RedisReplies.transientFailure(e)) {
                return Future.failedFuture(e);
            }
            LOG.error("Buffered {} for event {} failed and is dropped", op.getClass()
                    .getSimpleName().toLowerCase(java.util.Locale.ROOT), op.eventId(), e);
            return Future.succeededFuture();
        });
    }

    private Future<Void> afterFailure(Outbox.Op op, Throwable e) {
        if (!RedisReplies.transientFailure(e)) {
            return Future.failedFuture(RedisScripts.unwrap(e));
        }
        outbox.markDown(e);
        return outbox.offer(op, RedisScripts.unwrap(e));
    }

    private void noteFailure(Throwable e) {
        if (RedisReplies.transientFailure(e)) {
            outbox.markDown(e);
        }
    }

    private static RewardOutcome queued() {
        return new RewardOutcome(RewardOutcome.Status.QUEUED, null, null, Double.NaN, 0);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Redis store is closed");
        }
    }

    private static <T> Future<T> call(Context ctx, CompletionStage<T> stage) {
        return ctx == null ? Future.fromCompletionStage(stage)
                : Future.fromCompletionStage(stage, ctx);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The URI without user name or password, for logs. */
    static String redact(String uri) {
        return uri.replaceAll("//[^@/]*@", "//***@");
    }
}
