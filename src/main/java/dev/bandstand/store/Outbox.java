package dev.bandstand.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions and rewards accepted while Redis was unreachable, in arrival order, and written
 * to Redis once it answers again. Every operation is idempotent in Redis (the scripts
 * recognise a decision already recorded and a slot already rewarded), so an operation whose
 * first attempt timed out after taking effect is simply sent again.
 *
 * <p>Decisions and rewards have bounds of their own, so that decisions made during a long
 * outage never take the room of rewards: a reward beyond its bound is refused, a decision
 * beyond its bound is answered unrecorded by the caller. The first decision refused in an
 * outage is logged at WARN, once; the recovery line counts them all.
 *
 * <p>One drain runs at a time: it probes Redis when it was marked down, then sends windows of
 * consecutive operations of one kind (so a decision is always written before a later reward
 * for it) and removes a window only when all of it succeeded. Before the first window it
 * tells other instances that a backlog is on its way ({@link Announcer#announce()}, which is
 * also the probe), renews that with every window, and once all is written says so
 * ({@link Announcer#written()}). Redis counts as reachable again only after a probe or that
 * first announcement succeeded, never because a drain with nothing to write ended. Thread-safe.
 */
final class Outbox {

    /** A buffered operation. */
    sealed interface Op permits Decision, Reward {
        /** The event the operation is about. */
        String eventId();
    }

    /**
     * A decision to record, already encoded.
     *
     * @param clientId true when the client chose the event id, which must then be claimed in
     *     Redis before the decision is recorded
     */
    record Decision(PendingDecision decision, byte[] encoded, boolean clientId) implements Op {
        @Override
        public String eventId() {
            return decision.eventId();
        }
    }

    /** A reward to apply, with the time it was accepted (so it is judged as of then). */
    record Reward(String eventId, String armId, double reward, Instant now) implements Op {
    }

    /** What other instances learn of this outbox's backlog while it is written. */
    interface Announcer {
        /**
         * Tells that this instance is writing a backlog, for a while; called before the first
         * window and again with every window. Succeeds only when Redis answers.
         */
        Future<Void> announce();

        /** Tells that the backlog announced is written. */
        Future<Void> written();

        /** Notes that Redis was found reachable again after it was down; once per outage. */
        void reachable();
    }

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final int WINDOW = 256;

    private final Vertx vertx;
    private final int rewardCapacity;
    private final int decisionCapacity;
    private final Function<Op, Future<Void>> resend;
    private final Supplier<Future<Void>> probe;
    private final Announcer announcer;
    // TODO(durability): the buffer is in memory only; a crash while Redis is down loses it
    // (an append-only file beside the process would keep it)
    private final ArrayDeque<Op> ops = new ArrayDeque<>();
    /** Buffered rewards by event id and arm, so that a second one is refused as a duplicate. */
    private final Map<String, Integer> rewards = new HashMap<>();
    /** Buffered decisions by event id: their rewards are taken while Redis is down. */
    private final Map<String, PendingDecision> decisions = new HashMap<>();
    private int rewardsHeld;
    private int decisionsHeld;
    private int reserved;
    /** Decisions refused for want of room since the process started. */
    private long unrecorded;
    /** {@link #unrecorded} when Redis was last marked down. */
    private long unrecordedBefore;
    /** True once this outage's first refused decision was logged. */
    private boolean unrecordedLogged;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** True once the running drain announced its backlog; only drains touch it. */
    private volatile boolean announced;

    /**
     * @param rewardCapacity most rewards held
     * @param decisionCapacity most decisions held, counting the rooms {@link #reserve()} keeps
     * @param resend writes one operation; fails only when it should be tried again
     * @param probe a cheap command that succeeds when Redis answers, for when nothing waits
     * @param announcer tells other instances of a backlog being written
     */
    Outbox(Vertx vertx, int rewardCapacity, int decisionCapacity,
            Function<Op, Future<Void>> resend, Supplier<Future<Void>> probe,
            Announcer announcer) {
        this.vertx = vertx;
        this.rewardCapacity = rewardCapacity;
        this.decisionCapacity = decisionCapacity;
        this.resend = resend;
        this.probe = probe;
        this.announcer = announcer;
    }

    /** True when new operations must queue behind buffered ones instead of going direct. */
    boolean bufferFirst() {
        return down.get() || size() > 0;
    }

    /** True while Redis is considered down or operations wait. */
    boolean degraded() {
        return bufferFirst();
    }

    synchronized int size() {
        return ops.size();
    }

    /** The buffered decision of {@code eventId}, or null. */
    synchronized PendingDecision decision(String eventId) {
        return decisions.get(eventId);
    }

    /**
     * Buffers a decision: true, or false when a buffered decision holds its event id already
     * (the id would be claimed twice once Redis is back); fails with
     * {@link StoreUnavailableException} when the decisions' part is full (the first such
     * refusal of an outage is logged at WARN).
     *
     * @param cause the failure that sent the decision here, or null
     */
    Future<Boolean> offer(Decision op, Throwable cause) {
        boolean first;
        int waitingRewards;
        synchronized (this) {
            if (decisions.containsKey(op.eventId())) {
                return Future.succeededFuture(false);
            }
            if (decisionsHeld + reserved < decisionCapacity) {
                add(op);
                return Future.succeededFuture(true);
            }
            unrecorded++;
            first = !unrecordedLogged;
            unrecordedLogged = true;
            waitingRewards = rewardsHeld;
        }
        if (first) {
            LOG.warn("Redis is unreachable and all {} places for decisions in the outage buffer"
                    + " are taken (store.decisionBuffer; {} rewards wait too), first refused: {}."
                    + " Decisions are still answered from local models, but with \"recorded\":"
                    + " false: they are not recorded and their rewards will be unknown events;"
                    + " the recovery line counts them. Bring Redis back or raise"
                    + " store.decisionBuffer", decisionCapacity, waitingRewards, op.eventId());
        }
        return Future.failedFuture(new StoreUnavailableException("Redis is unreachable and "
                + decisionCapacity + " buffered decisions wait already; decision "
                + op.eventId() + " was not recorded", cause));
    }

    /**
     * Buffers a reward unless one for the same event and arm is buffered already.
     *
     * @return true when buffered, false for a duplicate; fails with
     *     {@link StoreUnavailableException} when the rewards' part is full
     */
    Future<Boolean> offerReward(Reward reward, Throwable cause) {
        // one critical section: two copies offered at once must not both get in
        synchronized (this) {
            if (rewards.containsKey(rewardKey(reward))) {
                return Future.succeededFuture(false);
            }
            if (rewardsHeld < rewardCapacity) {
                add(reward);
                return Future.succeededFuture(true);
            }
        }
        return Future.failedFuture(new StoreUnavailableException("Redis is unreachable and "
                + rewardCapacity + " buffered rewards wait already; the reward for event "
                + reward.eventId() + " was not accepted", cause));
    }

    private static String rewardKey(Reward r) {
        return r.eventId() + '|' + (r.armId() == null ? "" : r.armId());
    }

    private void add(Op op) {
        ops.addLast(op);
        if (op instanceof Reward r) {
            rewards.merge(rewardKey(r), 1, Integer::sum);
            rewardsHeld++;
        } else {
            // a client may send one event id twice: the first decision is the one that counts
            Decision d = (Decision) op;
            decisions.putIfAbsent(d.eventId(), d.decision());
            decisionsHeld++;
        }
    }

    /**
     * Keeps room for one decision that is accepted before Redis has it (answered while its
     * batch is written), so that it can always be buffered should the write fail.
     *
     * @return false when the decisions' part of the buffer has no room left
     */
    synchronized boolean reserve() {
        if (decisionsHeld + reserved >= decisionCapacity) {
            return false;
        }
        reserved++;
        return true;
    }

    /** Gives back a room kept by {@link #reserve()}: its operation was written. */
    synchronized void release() {
        reserved--;
    }

    /** Buffers a decision in the room {@link #reserve()} kept for it. */
    synchronized void admit(Decision op) {
        reserved--;
        add(op);
    }

    /** Marks Redis down after a failure that may be temporary. */
    void markDown(Throwable cause) {
        if (down.compareAndSet(false, true)) {
            synchronized (this) {
                unrecordedBefore = unrecorded;
                unrecordedLogged = false;
            }
            LOG.warn("Redis unreachable ({}): serving from local models and buffering up to {}"
                    + " decisions and {} rewards; check the Redis server",
                    RedisScripts.unwrap(cause).toString(), decisionCapacity, rewardCapacity);
        }
    }

    private void markUp() {
        if (down.compareAndSet(true, false)) {
            announcer.reachable();
            long refused;
            synchronized (this) {
                refused = unrecorded - unrecordedBefore;
            }
            LOG.info("Redis reachable again; buffered operations are written; {} decisions were"
                    + " answered unrecorded during the outage", refused);
        }
    }

    /** Runs one drain unless one is running; never fails. */
    Future<Void> drain() {
        if (!draining.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        // only a drain that began with Redis down may find it up: one that began with Redis up
        // proves nothing about a failure noted meanwhile, and the next drain probes
        boolean wasDown = down.get();
        Future<Void> probed = wasDown && size() == 0 ? probe.get() : Future.succeededFuture();
        return probed.compose(v -> sendWindows())
                .compose(v -> {
                    if (wasDown) {
                        markUp();
                    }
                    // what was buffered while the last window was written; once the buffer is
                    // empty, new operations go straight to Redis
                    return sendWindows();
                })
                .compose(v -> announced ? announcer.written() : Future.succeededFuture())
                .onSuccess(v -> announced = false)
                .recover(e -> {
                    // the next drain announces again before it writes: this mark may lapse
                    announced = false;
                    markDown(e);
                    return Future.succeededFuture();
                })
                .eventually(() -> {
                    draining.set(false);
                    return Future.succeededFuture();
                });
    }

    private Future<Void> sendWindows() {
        List<Op> window = window();
        if (window.isEmpty()) {
            return Future.succeededFuture();
        }
        // the first announcement precedes every write of the backlog; later ones renew it
        Future<Void> announce = announcer.announce();
        // Once announced, a renewal that fails must not fail a window that was written: the
        // window would be sent again and its rewards come back as duplicates. The mark lapses
        // on its own if renewals keep failing.
        Future<Void> written = announced
                ? write(window, announce.recover(e -> Future.succeededFuture()))
                : announce.compose(v -> {
                    announced = true;
                    return write(window, Future.succeededFuture());
                });
        return written.compose(all -> {
            remove(window.size());
            return sendWindows();
        });
    }

    private Future<Void> write(List<Op> window, Future<Void> alongside) {
        List<Future<Void>> sent = new ArrayList<>(window.size() + 1);
        sent.add(alongside);
        for (Op op : window) {
            sent.add(resend.apply(op));
        }
        return Future.all(sent).mapEmpty();
    }

    private synchronized List<Op> window() {
        List<Op> window = new ArrayList<>();
        for (Op op : ops) {
            if (window.size() == WINDOW
                    || (!window.isEmpty() && window.get(0).getClass() != op.getClass())) {
                break;
            }
            window.add(op);
        }
        return window;
    }

    private synchronized void remove(int n) {
        for (int i = 0; i < n; i++) {
            Op op = ops.removeFirst();
            if (op instanceof Reward r) {
                rewards.computeIfPresent(rewardKey(r), (k, c) -> c == 1 ? null : c - 1);
                rewardsHeld--;
            } else {
                Decision d = (Decision) op;
                decisions.remove(d.eventId(), d.decision());
                decisionsHeld--;
            }
        }
    }

    /**
     * Drains until empty or until {@code deadlineNanos} ({@link System#nanoTime()}); what is
     * left is logged at ERROR with its event ids, since it can no longer be written.
     */
    Future<Void> flush(long deadlineNanos) {
        if (size() == 0) {
            return Future.succeededFuture();
        }
        if (System.nanoTime() - deadlineNanos > 0) {
            logLeftovers();
            return Future.succeededFuture();
        }
        boolean idle = !draining.get();
        Future<Void> step = idle ? drain() : Future.succeededFuture();
        return step.compose(v -> size() == 0 ? Future.succeededFuture() : vertx.timer(100))
                .compose(v -> flush(deadlineNanos));
    }

    private void logLeftovers() {
        List<String> ids = new ArrayList<>();
        synchronized (this) {
            for (Op op : ops) {
                ids.add((op instanceof Decision ? "decision " : "reward ") + op.eventId());
            }
        }
        LOG.error("Closing with {} operations that could not be written to Redis; they are"
                + " lost: {}", ids.size(), ids);
    }
}
