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
 * Decisions and rewards accepted while Redis was unreachable, in arrival order, bounded, and
 * written to Redis once it answers again. Every operation is idempotent in Redis (the scripts
 * recognise a decision already recorded and a slot already rewarded), so an operation whose
 * first attempt timed out after taking effect is simply sent again.
 *
 * <p>One drain runs at a time: it probes Redis when it was marked down, then sends windows of
 * consecutive operations of one kind (so a decision is always written before a later reward
 * for it) and removes a window only when all of it succeeded. Thread-safe.
 */
final class Outbox {

    /** A buffered operation. */
    sealed interface Op permits Decision, Reward {
        /** The event the operation is about. */
        String eventId();
    }

    /** A decision to record, already encoded. */
    record Decision(PendingDecision decision, byte[] encoded) implements Op {
        @Override
        public String eventId() {
            return decision.eventId();
        }
    }

    /** A reward to apply, with the time it was accepted (so it is judged as of then). */
    record Reward(String eventId, String armId, double reward, Instant now) implements Op {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final int WINDOW = 256;

    private final Vertx vertx;
    private final int capacity;
    private final Function<Op, Future<Void>> resend;
    private final Supplier<Future<Void>> probe;
    // TODO(durability): the buffer is in memory only; a crash while Redis is down loses it
    // (an append-only file beside the process would keep it)
    private final ArrayDeque<Op> ops = new ArrayDeque<>();
    /** Buffered rewards by event id and arm, so that a second one is refused as a duplicate. */
    private final Map<String, Integer> rewards = new HashMap<>();
    private int reserved;
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();

    /**
     * @param capacity most operations held
     * @param resend writes one operation; fails only when it should be tried again
     * @param probe a cheap command that succeeds when Redis answers
     */
    Outbox(Vertx vertx, int capacity, Function<Op, Future<Void>> resend,
            Supplier<Future<Void>> probe) {
        this.vertx = vertx;
        this.capacity = capacity;
        this.resend = resend;
        this.probe = probe;
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

    /**
     * Buffers {@code op}; fails with {@link StoreUnavailableException} when full.
     *
     * @param cause the failure that sent the operation here, or null
     */
    Future<Void> offer(Op op, Throwable cause) {
        synchronized (this) {
            if (ops.size() + reserved < capacity) {
                add(op);
                return Future.succeededFuture();
            }
        }
        return full(op, cause);
    }

    private <T> Future<T> full(Op op, Throwable cause) {
        return Future.failedFuture(new StoreUnavailableException("Redis is unreachable and "
                + capacity + " buffered operations wait already; event " + op.eventId()
                + " was not accepted", cause));
    }

    /**
     * Buffers a reward unless one for the same event and arm is buffered already.
     *
     * @return true when buffered, false for a duplicate; fails as {@link #offer} when full
     */
    Future<Boolean> offerReward(Reward reward, Throwable cause) {
        // one critical section: two copies offered at once must not both get in
        synchronized (this) {
            if (rewards.containsKey(rewardKey(reward))) {
                return Future.succeededFuture(false);
            }
            if (ops.size() + reserved < capacity) {
                add(reward);
                return Future.succeededFuture(true);
            }
        }
        return full(reward, cause);
    }

    private static String rewardKey(Reward r) {
        return r.eventId() + '|' + (r.armId() == null ? "" : r.armId());
    }

    private void add(Op op) {
        ops.addLast(op);
        if (op instanceof Reward r) {
            rewards.merge(rewardKey(r), 1, Integer::sum);
        }
    }

    /**
     * Keeps room for one operation that is accepted before Redis has it (a decision answered
     * while its batch is written), so that it can always be buffered should the write fail.
     *
     * @return false when the buffer has no room left
     */
    synchronized boolean reserve() {
        if (ops.size() + reserved >= capacity) {
            return false;
        }
        reserved++;
        return true;
    }

    /** Gives back a room kept by {@link #reserve()}: its operation was written. */
    synchronized void release() {
        reserved--;
    }

    /** Buffers an operation in the room {@link #reserve()} kept for it. */
    synchronized void admit(Op op) {
        reserved--;
        add(op);
    }

    /** Marks Redis down after a failure that may be temporary. */
    void markDown(Throwable cause) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("Redis unreachable ({}): serving from local models and buffering up to {}"
                    + " decisions and rewards; check the Redis server",
                    RedisScripts.unwrap(cause).toString(), capacity);
        }
    }

    private void markUp() {
        if (down.compareAndSet(true, false)) {
            LOG.info("Redis reachable again; buffered operations are written");
        }
    }

    /** Runs one drain unless one is running; never fails. */
    Future<Void> drain() {
        if (!draining.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        Future<Void> probed = down.get() ? probe.get() : Future.succeededFuture();
        return probed.compose(v -> sendWindows())
                .onSuccess(v -> markUp())
                .recover(e -> {
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
        List<Future<Void>> sent = new ArrayList<>(window.size());
        for (Op op : window) {
            sent.add(resend.apply(op));
        }
        return Future.all(sent).compose(all -> {
            remove(window.size());
            return sendWindows();
        });
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
            if (ops.removeFirst() instanceof Reward r) {
                rewards.computeIfPresent(rewardKey(r), (k, c) -> c == 1 ? null : c - 1);
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
