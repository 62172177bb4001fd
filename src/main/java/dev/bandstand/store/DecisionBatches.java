package dev.bandstand.store;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions held for a moment and written to Redis together: one record script per placement
 * for all the decisions of up to {@link #FLUSH_MS} ms (at most {@link #MOST} at once), so that
 * a decision can be answered before Redis has it and Redis runs one script for several.
 *
 * <p>Each held decision keeps a room in the {@link Outbox}: when its write fails for a reason
 * that may pass, it moves there and is written once Redis answers, so nothing accepted is
 * dropped while the process lives. {@link #written} tells a reward to wait until its decision
 * left the batch. Thread-safe.
 */
final class DecisionBatches {

    /** How long the first decision of a batch waits for others, in milliseconds. */
    static final long FLUSH_MS = 2;
    /** Most decisions in one batch; a full batch leaves at once. */
    static final int MOST = 128;

    private static final Logger LOG = LoggerFactory.getLogger(DecisionBatches.class);

    /** Writes one placement's decisions; per decision whether it was recorded. */
    @FunctionalInterface
    interface Writer {
        Future<List<Boolean>> write(String placement, List<Outbox.Decision> ops);
    }

    private record Held(Outbox.Decision op, Promise<Boolean> recorded) {
    }

    private final Vertx vertx;
    private final Writer writer;
    private final Outbox outbox;
    private final Map<String, Future<Boolean>> unwritten = new ConcurrentHashMap<>();
    // TODO(durability): held decisions were answered already; a crash before their batch is
    // written (at most FLUSH_MS) loses them, and their rewards then read UNKNOWN_EVENT
    private List<Held> open = new ArrayList<>();
    private boolean timerSet;

    DecisionBatches(Vertx vertx, Writer writer, Outbox outbox) {
        this.vertx = vertx;
        this.writer = writer;
        this.outbox = outbox;
    }

    /**
     * Holds {@code op} for the next batch.
     *
     * @return completes with whether it was recorded (true too when it went to the outbox),
     *     or fails when Redis refused it for good; null when the outbox has no room to
     *     guarantee it, so the caller must write it itself
     */
    Future<Boolean> add(Outbox.Decision op) {
        if (!outbox.reserve()) {
            return null;
        }
        Promise<Boolean> recorded = Promise.promise();
        unwritten.put(op.eventId(), recorded.future());
        List<Held> full = null;
        boolean arm = false;
        synchronized (this) {
            open.add(new Held(op, recorded));
            if (open.size() >= MOST) {
                full = open;
                open = new ArrayList<>();
            } else if (!timerSet) {
                timerSet = true;
                arm = true;
            }
        }
        if (full != null) {
            send(full);
        } else if (arm) {
            vertx.setTimer(FLUSH_MS, id -> sendOpen());
        }
        return recorded.future();
    }

    /**
     * Completes once the decision of {@code eventId} left its batch (written, or moved to
     * the outbox, or refused); at once when this process holds no such decision. Never fails.
     */
    Future<Void> written(String eventId) {
        Future<Boolean> pending = unwritten.get(eventId);
        return pending == null ? Future.succeededFuture() : pending.<Void>mapEmpty()
                .otherwiseEmpty();
    }

    /** Sends the open batch now; completes when every decision held so far left. */
    Future<Void> flush() {
        sendOpen();
        return Future.join(new ArrayList<>(unwritten.values())).<Void>mapEmpty()
                .otherwiseEmpty();
    }

    private void sendOpen() {
        List<Held> batch;
        synchronized (this) {
            batch = open;
            open = new ArrayList<>();
            timerSet = false;
        }
        if (!batch.isEmpty()) {
            send(batch);
        }
    }

    private void send(List<Held> batch) {
        Map<String, List<Held>> byPlacement = new LinkedHashMap<>();
        for (Held h : batch) {
            byPlacement.computeIfAbsent(h.op().decision().placement(), p -> new ArrayList<>())
                    .add(h);
        }
        byPlacement.forEach((placement, held) -> {
            List<Outbox.Decision> ops = new ArrayList<>(held.size());
            held.forEach(h -> ops.add(h.op()));
            Future<List<Boolean>> sent;
            try {
                sent = writer.write(placement, ops);
            } catch (RuntimeException e) {
                sent = Future.failedFuture(e);
            }
            sent.onComplete(ar -> settle(held, ar));
        });
    }

    private void settle(List<Held> held, AsyncResult<List<Boolean>> ar) {
        if (ar.succeeded()) {
            for (int i = 0; i < held.size(); i++) {
                outbox.release();
                done(held.get(i));
                held.get(i).recorded().complete(ar.result().get(i));
            }
            return;
        }
        Throwable e = ar.cause();
        if (RedisReplies.transientFailure(e)) {
            // into the outbox before anyone waiting on the batch (a reward) goes on
            outbox.markDown(e);
            held.forEach(h -> outbox.admit(h.op()));
            held.forEach(h -> {
                done(h);
                h.recorded().complete(true);
            });
            return;
        }
        List<String> ids = new ArrayList<>();
        held.forEach(h -> {
            outbox.release();
            done(h);
            ids.add(h.op().eventId());
            h.recorded().fail(RedisScripts.unwrap(e));
        });
        LOG.error("Redis refused decisions {}; those answered already are lost", ids, e);
    }

    private void done(Held h) {
        unwritten.remove(h.op().eventId(), h.recorded().future());
    }
}
