package dev.bandstand.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
 * first announcement succeeded, never because a drain with nothing to write ended.
 *
 * <p>With an {@link OutboxJournal}, an operation joins the buffer only once the journal has
 * it on the disk, and its future completes then, on the caller's context: until then it
 * holds its room and its event id, and should the journal fail it gives them back and fails
 * with {@link StoreUnavailableException}. Operations written to Redis are reported to the
 * journal; those an earlier process left come back through {@link #restore}. Thread-safe.
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
    private final Function<Op, Future<Void>> resend;
    private final Supplier<Future<Void>> probe;
    private final Announcer announcer;
    /** Where buffered operations are kept over a crash, or null. */
    private final OutboxJournal journal;
    private final ArrayDeque<Op> ops = new ArrayDeque<>();
    /** The bounds, and what the buffer holds by event id; guarded by this. */
    private final OutboxRooms rooms;
    /** Operations handed to the journal and not on the disk yet. */
    private int journaling;
    /** Decisions refused for want of room since the process started. */
    private long unrecorded;
    /** {@link #unrecorded} when Redis was last marked down. */
    private long unrecordedBefore;
    /** True once this outage's first refused decision was logged. */
    private boolean unrecordedLogged;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    /** True once the running drain announced its backlog; only drains write it. */
    private volatile boolean announced;

    /**
     * @param rewardCapacity most rewards held
     * @param decisionCapacity most decisions held, counting the rooms {@link #reserve()} keeps
     * @param resend writes one operation; fails only when it should be tried again
     * @param probe a cheap command that succeeds when Redis answers, for when nothing waits
     * @param announcer tells other instances of a backlog being written
     * @param journal keeps buffered operations over a crash, or null for none
     */
    Outbox(Vertx vertx, int rewardCapacity, int decisionCapacity,
            Function<Op, Future<Void>> resend, Supplier<Future<Void>> probe,
            Announcer announcer, OutboxJournal journal) {
        this.vertx = vertx;
        this.rooms = new OutboxRooms(rewardCapacity, decisionCapacity);
        this.resend = resend;
        this.probe = probe;
        this.announcer = announcer;
        this.journal = journal;
    }

    /** True when new operations must queue behind buffered ones instead of going direct. */
    boolean bufferFirst() {
        return down.get() || size() > 0;
    }

    /**
     * True when Redis answers as far as this outbox knows: it is not considered down, or the
     * running drain has announced its backlog (so other instances know it holds events).
     */
    boolean reachable() {
        return !down.get() || announced;
    }

    /** True while Redis is considered down or operations wait. */
    boolean degraded() {
        return bufferFirst();
    }

    /** Operations buffered, those on their way to the journal included. */
    synchronized int size() {
        return ops.size() + journaling;
    }

    /**
     * Buffers operations an earlier process left in the journal, first and whatever the
     * bounds: they were accepted already.
     */
    synchronized void restore(List<Op> left) {
        for (Op op : left) {
            rooms.take(op);
            ops.addLast(op);
        }
    }

    /** The buffered decision of {@code eventId}, or null. */
    synchronized PendingDecision decision(String eventId) {
        return rooms.decision(eventId);
    }

    /**
     * Buffers a decision: true (with a journal: once on the disk), or false when a buffered
     * decision holds its event id already (the id would be claimed twice once Redis is back);
     * fails with {@link StoreUnavailableException} when the decisions' part is full (the first
     * such refusal of an outage is logged at WARN) or the journal cannot be written.
     *
     * @param cause the failure that sent the decision here, or null
     */
    Future<Boolean> offer(Decision op, Throwable cause) {
        Context ctx = Vertx.currentContext();
        boolean first;
        int waitingRewards;
        synchronized (this) {
            if (rooms.decision(op.eventId()) != null) {
                return Future.succeededFuture(false);
            }
            if (rooms.decisionRoom()) {
                return add(op, ctx, cause).map(true);
            }
            unrecorded++;
            first = !unrecordedLogged;
            unrecordedLogged = true;
            waitingRewards = rooms.rewardsHeld();
        }
        int decisionCapacity = rooms.decisionCapacity();
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
     * @return true when buffered (with a journal: once on the disk), false for a duplicate;
     *     fails with {@link StoreUnavailableException} when the rewards' part is full or the
     *     journal cannot be written
     */
    Future<Boolean> offerReward(Reward reward, Throwable cause) {
        Context ctx = Vertx.currentContext();
        // one critical section: two copies offered at once must not both get in
        synchronized (this) {
            if (rooms.holds(reward)) {
                return Future.succeededFuture(false);
            }
            if (rooms.rewardRoom()) {
                return add(reward, ctx, cause).map(true);
            }
        }
        return Future.failedFuture(new StoreUnavailableException("Redis is unreachable and "
                + rooms.rewardCapacity() + " buffered rewards wait already; the reward for"
                + " event " + reward.eventId() + " was not accepted", cause));
    }

    /**
     * Buffers {@code op}, which has room: at once without a journal, else once the journal
     * has it on the disk, the future completing then on {@code ctx} (when not null). Called
     * holding the lock, so that operations reach the journal in the order they came.
     */
    private Future<Void> add(Op op, Context ctx, Throwable cause) {
        rooms.take(op);
        if (journal == null) {
            ops.addLast(op);
            return Future.succeededFuture();
        }
        journaling++;
        Future<Void> durable = ScriptCalls.call(ctx, journal.append(op, () -> landed(op)));
        return durable.recover(e -> Future.failedFuture(notKept(op, e, cause)));
    }

    /** Called by the journal's thread once {@code op} is on the disk, in file order. */
    private synchronized void landed(Op op) {
        journaling--;
        ops.addLast(op);
    }

    /** Gives back the room of an operation the journal could not write. */
    private StoreUnavailableException notKept(Op op, Throwable e, Throwable cause) {
        synchronized (this) {
            journaling--;
            rooms.giveBack(op);
            if (op instanceof Decision) {
                // answered unrecorded too: the recovery line counts it with the others
                unrecorded++;
            }
        }
        String what = op instanceof Reward ? "the reward for event " + op.eventId()
                + " was not accepted" : "decision " + op.eventId() + " was not recorded";
        StoreUnavailableException refused = new StoreUnavailableException("Redis is"
                + " unreachable and the outbox journal " + journal.file() + " cannot be"
                + " written (" + e + "); " + what, "Redis is unreachable and the outage buffer"
                + " cannot be kept on disk", cause);
        refused.addSuppressed(e);
        return refused;
    }

    /**
     * Keeps room for one decision that is accepted before Redis has it (answered while its
     * batch is written), so that it can always be buffered should the write fail.
     *
     * @return false when the decisions' part of the buffer has no room left
     */
    synchronized boolean reserve() {
        return rooms.reserve();
    }

    /** Gives back a room kept by {@link #reserve()}: its operation was written. */
    synchronized void release() {
        rooms.unreserve();
    }

    /**
     * Buffers a decision in the room {@link #reserve()} kept for it.
     *
     * @return completes once buffered (with a journal: once on the disk, on the caller's
     *     context); fails with {@link StoreUnavailableException} when the journal cannot be
     *     written, the room then given back
     */
    Future<Void> admit(Decision op, Throwable cause) {
        Context ctx = Vertx.currentContext();
        synchronized (this) {
            rooms.unreserve();
            return add(op, ctx, cause);
        }
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
                    RedisScripts.unwrap(cause).toString(), rooms.decisionCapacity(),
                    rooms.rewardCapacity());
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
        Future<Void> probed = wasDown && waiting() == 0 ? probe.get()
                : Future.succeededFuture();
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

    /** Operations in the buffer that a drain can send: on the disk when there is a journal. */
    private synchronized int waiting() {
        return ops.size();
    }

    private synchronized void remove(int n) {
        for (int i = 0; i < n; i++) {
            rooms.giveBack(ops.removeFirst());
        }
        if (journal != null) {
            journal.written(n);
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
        if (journal != null) {
            LOG.warn("Closing with {} operations not written to Redis; the outbox journal {}"
                    + " keeps them for the next start: {}", ids.size(), journal.file(), ids);
            return;
        }
        LOG.error("Closing with {} operations that could not be written to Redis; they are"
                + " lost: {}", ids.size(), ids);
    }
}
