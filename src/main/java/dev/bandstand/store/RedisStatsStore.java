package dev.bandstand.store;

import dev.bandstand.config.StoreSettings;
import io.lettuce.core.RedisException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Statistics and pending decisions in Redis (standalone, Sentinel or Cluster), shared by every
 * instance that uses the same Redis and prefix.
 *
 * <p>Each change is one Lua script on one placement's keys (see {@link RedisKeys}), so it is
 * atomic and applies exactly the {@link dev.bandstand.policy.StatsFields} increments; nothing
 * is read, modified and written back from Java. Decisions and rewards are written in
 * batches, one script per placement for those that came while the previous batch was written:
 * {@link #recordDrawnDecision} answers once its batch is written, and {@link #recordDecision}
 * (a client's event id) claims the id first, one round trip more. A reward costs one round
 * trip (the join script in the placement's slot) when this process made or looked up the
 * decision lately, else two: the event is looked for in every placement first (one GET each,
 * sent together).
 *
 * <p>Outages: a failed or timed-out command marks Redis down; decisions and rewards are then
 * accepted into a buffer and written in order once Redis answers. Rewards answer
 * {@link RewardOutcome.Status#QUEUED}, at most {@link StoreSettings#rewardBuffer()} of them;
 * decisions have their own bound, {@link StoreSettings#decisionBuffer()} (decisions held in a
 * batch keep their room there), so that they never take the rewards' room. Beyond its bound
 * an operation fails with {@link StoreUnavailableException}. Snapshots and sweeps fail while
 * Redis is down; the engine keeps its last model. {@link #close()} writes the batch and the
 * buffer for a bounded time. While the buffer is written the instance says so in Redis, so
 * that the others answer its events as maybe pending, not unknown ({@link CatchUp}); and every
 * instance keeps a heartbeat there ({@link Heartbeat}), so that one cut off from Redis alone
 * is known as maybe holding events once its heartbeat lapses.
 *
 * <p>With {@link StoreSettings#outboxJournal()} set, every operation buffered is first
 * written to an append-only file and forced to the disk ({@link OutboxJournal}, one thread,
 * many operations per force); it is answered only then, and refused with
 * {@link StoreUnavailableException} when the file cannot be written. While Redis answers
 * nothing is written there. {@link #connect} writes to Redis what a crashed process left in
 * the file before it answers; every operation is idempotent in Redis, so one sent twice
 * counts once.
 *
 * <p>Limitations: without a journal the outage buffer is in memory only, so a crash (not a
 * shutdown) loses it; with one, an operation Redis took moments before a crash, before the
 * journal noted it, is sent again at the next start, and Redis recognises it only while it
 * keeps the decision's record (once settled, until 5 minutes after the end of its wait), so
 * a later start may count such a settled decision again. A client's event id decided while
 * Redis is down is claimed only when written, so if another placement took it meanwhile the
 * decision is not recorded and the rewards buffered for it are not applied (a WARN names
 * each); if no instance sweeps for {@link #UNSWEPT_GRACE} after a decision's wait, its record
 * expires and its pending counts stay (a WARN names it); a buffered reward whose write took
 * effect but whose answer was lost (a command timeout, or a crash before the journal noted
 * it) is a duplicate when written again, and its outcome reaches no decision log.
 * Fractional sums go through HINCRBYFLOAT, which adds in long double and keeps 17 significant
 * digits, so they may differ from a double sum in the last digit; whole-number ones go
 * through HINCRBY, exactly.
 *
 * <p>A reward is judged by the time it was accepted: one accepted before the end of the wait
 * but written after another instance settled the decision (it waited in this instance's
 * buffer) replaces the default reward, or the drop, and is APPLIED and late, with the earlier
 * slots it reached under the cascade rule (see {@link StatsStore#applyReward}); the other
 * instances' local models agree again at their next sync. Of two rewards for one slot
 * accepted by two instances, the first written is applied and the other is a duplicate, named
 * in the one WARN its backlog logs when written ({@link BacklogReport}).
 *
 * <p>The outcome of each buffered reward applied when written, late or not, goes to the
 * engine's listener ({@link #onBufferedRewardApplied}), once, so that this instance's decision
 * log and local model learn it as they learn a reward applied at once.
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

    private final Vertx vertx;
    private final StoreSettings settings;
    private final RedisLink link;
    private final ScriptCalls calls;
    private final RedisForgotten forgotten;
    private final Outbox outbox;
    private final DecisionWrites decisions;
    private final DecisionBatches batches;
    private final Batcher<ScriptCalls.Join, RewardOutcome> rewards;
    private final CatchUp catchUp;
    private final Heartbeat heartbeat;
    private final BacklogOutcomes applied;
    private final RecentDecisions recent =
            new RecentDecisions(RecentDecisions.ringBytes(Runtime.getRuntime().maxMemory()));
    private final OutboxJournal journal;
    /** The periodic drain, once started; -1 before. */
    private volatile long drainTimer = -1;
    private volatile boolean closed;

    private RedisStatsStore(Vertx vertx, StoreSettings settings, RedisLink link,
            OutboxJournal journal) {
        this.vertx = vertx;
        this.settings = settings;
        this.link = link;
        this.journal = journal;
        RedisKeys keys = new RedisKeys(settings.prefix());
        this.calls = new ScriptCalls(link.commands(), keys);
        this.forgotten = new RedisForgotten(link.commands(), settings.prefix());
        Backlogs backlogs = new Backlogs(link.commands(), new RedisScripts(), keys,
                settings.commandTimeout(), settings.partitionGrace());
        this.catchUp = new CatchUp(backlogs, settings.commandTimeout(),
                settings.partitionGrace());
        this.applied = new BacklogOutcomes(vertx);
        this.outbox = new Outbox(vertx, settings.rewardBuffer(), settings.decisionBuffer(),
                this::resend, calls::ping, catchUp, journal);
        this.heartbeat = new Heartbeat(vertx, backlogs, settings.partitionGrace(),
                () -> !closed && outbox.reachable(), catchUp::settled, this::noteFailure,
                catchUp::heard);
        // a dropped connection is an outage even if no command was on its way: after a
        // restart of Redis, the others' backlogs are then waited for (CatchUp#settled)
        link.onDisconnected(() -> {
            if (!closed) {
                outbox.markDown(new RedisException("the connection to Redis was lost"));
            }
        });
        this.decisions = new DecisionWrites(calls, outbox, recent);
        this.batches = decisions.batches();
        this.rewards = new Batcher<>(DecisionBatches.MOST,
                (placement, joins) -> calls.join(placement, joins, null));
        if (journal != null) {
            outbox.restore(journal.leftovers());
        }
    }

    /**
     * Connects to {@code settings.redisUri()}, reads which placements Redis holds, and, with
     * an outbox journal ({@link StoreSettings#outboxJournal()}), writes to Redis what an
     * earlier process left in it before answering (what Redis cannot take then stays
     * buffered and is written once it answers).
     *
     * @return the store, or a failure when Redis cannot be reached at start-up or, before
     *     any connection, when the journal cannot be opened (a {@code ConfigException}: its
     *     directory not writable, or used by another process)
     */
    public static Future<RedisStatsStore> connect(Vertx vertx, StoreSettings settings) {
        String uri = Objects.requireNonNull(settings.redisUri(), "redisUri");
        new RedisKeys(settings.prefix()); // refuses a prefix that would break the hash tags
        if (settings.rewardBuffer() < 0 || settings.decisionBuffer() < 0) {
            throw new IllegalArgumentException("rewardBuffer and decisionBuffer must be >= 0: "
                    + settings.rewardBuffer() + ", " + settings.decisionBuffer());
        }
        return OutboxJournal.open(vertx, settings.outboxJournal()).compose(journal -> Future
                .fromCompletionStage(RedisLink.open(uri, settings.commandTimeout()))
                .recover(e -> closeJournal(journal).transform(v -> Future.failedFuture(e)))
                .compose(link -> {
                    RedisStatsStore store = new RedisStatsStore(vertx, settings, link, journal);
                    return store.calls.placements(null)
                            .recover(e -> store.close().transform(v -> Future.failedFuture(e)))
                            .compose(placements -> store.replay())
                            .map(store);
                }))
                .onSuccess(store -> LOG.info("Statistics in Redis at {} (cluster: {}, prefix:"
                        + " {}, outbox journal: {})", RedisLink.redact(uri),
                        store.link.cluster(), settings.prefix(), store.journal == null
                                ? "none" : store.journal.file()));
    }

    private static Future<Void> closeJournal(OutboxJournal journal) {
        return journal == null ? Future.succeededFuture()
                : Future.fromCompletionStage(journal.close());
    }

    /**
     * Writes what the journal brought back (one drain, which never fails), logs it, then starts
     * the periodic drain and the heartbeat, complete once the first renewal is answered.
     */
    private Future<Void> replay() {
        int left = outbox.size();
        Future<Void> drained = left == 0 ? Future.succeededFuture() : outbox.drain()
                .onComplete(v -> {
                    int waiting = outbox.size();
                    if (waiting == 0) {
                        LOG.info("Outbox journal {}: replayed {} operations left by an earlier"
                                + " run; all written to Redis", journal.file(), left);
                    } else {
                        LOG.warn("Outbox journal {}: replayed {} operations left by an earlier"
                                + " run; {} wait for Redis, which failed while they were"
                                + " written, and are written once it answers", journal.file(),
                                left, waiting);
                    }
                });
        // the first heartbeat is in Redis before this instance serves, so that any instance
        // that loses Redis with it waits for it to come back (CatchUp#settled)
        return drained.compose(v -> {
            applied.replayed();
            drainTimer = vertx.setPeriodic(DRAIN_INTERVAL_MS, id -> outbox.drain());
            return heartbeat.start();
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Claims the event id first ({@code SET NX} on its own key, sent together with a look
     * for the id in the other placements: one round trip), then answers once the decision's
     * batch is written. While Redis is down the decision is buffered unclaimed; the claim is
     * made when it is written, and should another placement have taken the id meanwhile, the
     * decision is not recorded (a WARN names it).
     */
    @Override
    public Future<Boolean> recordDecision(PendingDecision decision) {
        return record(decision, true);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answers once the decision's batch is written (or buffered while Redis is down).
     */
    @Override
    public Future<Boolean> recordDrawnDecision(PendingDecision decision) {
        return record(decision, false);
    }

    private Future<Boolean> record(PendingDecision decision, boolean clientId) {
        Context ctx = Vertx.currentContext();
        Outbox.Decision op;
        try {
            checkOpen();
            RedisReplies.check(decision);
            op = new Outbox.Decision(decision, PendingCodec.encode(decision), clientId);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return decisions.record(op, ctx);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Answered from this process's recent or buffered decisions when it has the event, else
     * from Redis (one GET per placement, sent together). While Redis is unreachable an event
     * this process does not hold fails with {@link StoreUnavailableException}. An event Redis
     * does not hold fails with {@link EventMaybePendingException} instead of answering null
     * while some instance announces that it writes an outage backlog, or another instance's
     * heartbeat lapsed less than {@link StoreSettings#partitionGrace()} ago (one more round
     * trip, on this path only), and for {@link CatchUp#RECONNECT_GRACE} after this process
     * found Redis again.
     */
    @Override
    public Future<PendingDecision> decision(String eventId) {
        Context ctx = Vertx.currentContext();
        Objects.requireNonNull(eventId, "eventId");
        PendingDecision known = recent.get(eventId);
        if (known == null) {
            known = outbox.decision(eventId);
        }
        if (known != null) {
            return Future.succeededFuture(known);
        }
        if (closed || outbox.bufferFirst()) {
            return Future.failedFuture(new StoreUnavailableException("Redis is unreachable and"
                    + " event " + eventId + " was not decided here lately", null));
        }
        return calls.find(eventId, ctx)
                .compose(d -> d != null ? Future.succeededFuture(d)
                        : catchUp.notFound(eventId, ctx, () -> calls.find(eventId, ctx)))
                .onSuccess(d -> {
                    if (d != null) {
                        recent.put(d);
                    }
                })
                .onFailure(this::noteFailure);
    }

    /**
     * {@inheritDoc}
     *
     * <p>A reward for a decision still in its batch waits until the batch is written.
     */
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
        return onContext(ctx, batches.written(eventId).compose(v -> outbox.bufferFirst()
                ? buffered(op, null)
                : sendReward(op, ctx).recover(e -> {
                    if (!RedisReplies.transientFailure(e)) {
                        return Future.failedFuture(RedisScripts.unwrap(e));
                    }
                    outbox.markDown(e);
                    return buffered(op, RedisScripts.unwrap(e));
                })));
    }

    /**
     * {@inheritDoc}
     *
     * <p>The listener is called on the Vert.x context current when it is set (one of the
     * store's event loops when there is none). The outcomes of what an outbox journal brought
     * back at {@link #connect}, applied before any listener could be set, are kept and handed
     * to the first listener on the calling thread before this returns.
     */
    @Override
    public void onBufferedRewardApplied(Consumer<RewardOutcome> listener) {
        applied.listen(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Future<List<RewardOutcome>> expireDue(Instant now, int limit) {
        Context ctx = Vertx.currentContext();
        if (closed || outbox.degraded()) {
            return Future.failedFuture(new StoreUnavailableException(
                    "Redis is unreachable or the store closed; expired decisions wait", null));
        }
        List<RewardOutcome> settled = new ArrayList<>();
        return batches.flush()
                .compose(v -> calls.placements(ctx))
                .compose(placements -> {
                    Future<Integer> chain = Future.succeededFuture(0);
                    for (String placement : placements) {
                        chain = chain.compose(done -> done >= limit
                                ? Future.succeededFuture(done)
                                : calls.sweep(placement, now, limit - done, settled, ctx)
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
     * <p>Writes the held batch, then reads the person's event-id set of each placement
     * (written when a decision is recorded, no scan) and rewrites each decision without its
     * payload, one script per placement. Fails with {@link StoreUnavailableException} while
     * Redis is unreachable or buffered decisions wait to be written, since those may name the
     * person.
     */
    @Override
    public Future<Integer> forgetUser(String userKey) {
        Context ctx = Vertx.currentContext();
        Objects.requireNonNull(userKey, "userKey");
        return batches.flush().compose(v -> {
            if (closed || outbox.degraded()) {
                return Future.failedFuture(new StoreUnavailableException("Redis is unreachable"
                        + " or decisions wait to be written; forget again later", null));
            }
            return calls.placements(ctx).compose(placements -> {
                Future<Integer> chain = Future.succeededFuture(0);
                for (String placement : placements) {
                    chain = chain.compose(done -> calls.forget(placement, userKey, ctx)
                            .map(ids -> {
                                ids.forEach(recent::dropLog);
                                return done + ids.size();
                            }));
                }
                return chain.compose(n -> forgotten.add(userKey, System.currentTimeMillis(),
                        ctx).map(n));
            });
        }).onFailure(this::noteFailure);
    }

    @Override
    public Future<List<ForgottenUser>> forgottenSince(long sinceMillis) {
        return forgotten.since(sinceMillis, Vertx.currentContext()).onFailure(this::noteFailure);
    }

    @Override
    public Future<ArmAddition> addArm(String placement, String armId, String description,
            ArmLimit limit) {
        return calls.addArm(placement, armId, description, limit, Vertx.currentContext())
                .onFailure(this::noteFailure);
    }

    @Override
    public Future<Void> retireArm(String placement, String armId) {
        return calls.retireArm(placement, armId, Vertx.currentContext())
                .onFailure(this::noteFailure);
    }

    @Override
    public Future<ArmRoster> arms(String placement) {
        return calls.arms(placement, Vertx.currentContext()).onFailure(this::noteFailure);
    }

    @Override
    public Future<StatsSnapshot> snapshot(String placement) {
        Context ctx = Vertx.currentContext();
        RedisKeys.checkPlacement(placement);
        return calls.snapshot(placement, ctx).onFailure(this::noteFailure);
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
    @Override
    public boolean degraded() {
        return outbox.degraded();
    }

    /** Decisions and rewards accepted but not yet written to Redis, batches aside. */
    public int buffered() {
        return outbox.size();
    }

    /**
     * Writes the held batch and the buffer (for up to max(5 s, 3 x commandTimeout) while Redis
     * is unreachable), removes this instance's heartbeat, then closes the connection.
     */
    @Override
    public Future<Void> close() {
        if (closed) {
            return Future.succeededFuture();
        }
        closed = true;
        if (drainTimer >= 0) {
            vertx.cancelTimer(drainTimer);
        }
        Duration wait = settings.commandTimeout().multipliedBy(3);
        if (wait.compareTo(Duration.ofSeconds(5)) < 0) {
            wait = Duration.ofSeconds(5);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        rewards.sendNow();
        return batches.flush()
                .compose(v -> outbox.flush(deadline))
                .compose(v -> heartbeat.stop())
                .compose(v -> closeJournal(journal))
                .compose(v -> Future.fromCompletionStage(link.close()))
                .onSuccess(v -> LOG.info("Redis store closed"));
    }

    /** Joins in the next reward batch; the decision is found in Redis when not held here. */
    private Future<RewardOutcome> sendReward(Outbox.Reward op, Context ctx) {
        PendingDecision known = recent.get(op.eventId());
        if (known != null) {
            return rewards.add(known.placement(), new ScriptCalls.Join(op, known));
        }
        return calls.find(op.eventId(), ctx).compose(d -> d == null
                ? Future.succeededFuture(new RewardOutcome(RewardOutcome.Status.UNKNOWN_EVENT,
                        null, null, Double.NaN, 0))
                : rewards.add(d.placement(), new ScriptCalls.Join(op, d)));
    }

    /**
     * Writes a buffered operation again; fails only when it should be tried once more. A
     * reward applied goes to the engine's listener, one that changes nothing to the report the
     * end of the backlog logs.
     */
    private Future<Void> resend(Outbox.Op op) {
        Future<?> sent = op instanceof Outbox.Decision d
                ? decisions.resend(d) : sendReward((Outbox.Reward) op, null).map(outcome -> {
                    LOG.debug("Buffered reward for {} written: {}", op.eventId(),
                            outcome.status());
                    catchUp.written((Outbox.Reward) op, outcome);
                    applied.written(outcome);
                    return outcome;
                });
        return sent.<Void>mapEmpty().recover(e -> {
            if (RedisReplies.transientFailure(e)) {
                return Future.failedFuture(e);
            }
            LOG.error("Buffered {} for event {} failed and is dropped", op.getClass()
                    .getSimpleName().toLowerCase(Locale.ROOT), op.eventId(), e);
            return Future.succeededFuture();
        });
    }

    private void noteFailure(Throwable e) {
        if (RedisReplies.transientFailure(e)) {
            outbox.markDown(e);
        }
    }

    /** Buffers a reward: QUEUED, or DUPLICATE when one for its event and arm waits already. */
    private Future<RewardOutcome> buffered(Outbox.Reward op, Throwable cause) {
        return outbox.offerReward(op, cause).map(added -> new RewardOutcome(added
                ? RewardOutcome.Status.QUEUED : RewardOutcome.Status.DUPLICATE, null, null,
                Double.NaN, 0));
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the Redis store is closed");
        }
    }

    /** {@code future}, completing on {@code ctx} when there is one. */
    private static <T> Future<T> onContext(Context ctx, Future<T> future) {
        return ScriptCalls.call(ctx, future.toCompletionStage());
    }
}
