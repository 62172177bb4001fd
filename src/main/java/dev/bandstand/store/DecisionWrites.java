package dev.bandstand.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@link RedisStatsStore} records a decision: a client's event id is claimed first
 * ({@link ScriptCalls#claim}), then the decision goes with its batch ({@link DecisionBatches});
 * while Redis is down it waits in the {@link Outbox} instead, and is claimed and written once
 * Redis answers. A decision the outbox has no room for fails with
 * {@link StoreUnavailableException}: nothing of it was recorded. Thread-safe.
 */
final class DecisionWrites {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionWrites.class);

    private final ScriptCalls calls;
    private final Outbox outbox;
    private final RecentDecisions recent;
    private final DecisionBatches batches;

    /** @param recent where a decision this process recorded or buffered is remembered */
    DecisionWrites(ScriptCalls calls, Outbox outbox, RecentDecisions recent) {
        this.calls = calls;
        this.outbox = outbox;
        this.recent = recent;
        this.batches = new DecisionBatches(
                (placement, ops) -> calls.record(placement, ops, null), outbox);
    }

    /** The batches decisions wait in before Redis has them. */
    DecisionBatches batches() {
        return batches;
    }

    /**
     * Records {@code op}: buffered while Redis is down, else written with its batch, a client's
     * id claimed first.
     *
     * @param ctx where the future completes, or null
     * @return true, or false when the event id is taken; fails with
     *     {@link StoreUnavailableException} when Redis is down and the outbox has no room
     */
    Future<Boolean> record(Outbox.Decision op, Context ctx) {
        if (outbox.bufferFirst()) {
            return buffer(op, null);
        }
        if (!op.clientId()) {
            return write(op, ctx);
        }
        return ScriptCalls.call(ctx, calls.claim(op.decision(), null).compose(
                free -> free ? write(op, null) : Future.succeededFuture(false),
                e -> afterFailure(op, e)).toCompletionStage());
    }

    /** Writes a decision with its batch, or alone when the buffer cannot keep it a room. */
    private Future<Boolean> write(Outbox.Decision op, Context ctx) {
        Future<Boolean> held = batches.add(op);
        if (held == null) {
            held = calls.record(op.decision().placement(), List.of(op), null)
                    .map(r -> r.get(0))
                    .recover(e -> afterFailure(op, e));
        }
        return ScriptCalls.call(ctx, held.onSuccess(recorded -> {
            if (recorded) {
                recent.put(op.decision(), op.encoded());
            }
        }).toCompletionStage());
    }

    /**
     * Writes a decision that waited in the outbox, claiming a client's id first (it waited
     * unclaimed); a decision whose id is taken by then is not recorded, with a WARN.
     */
    Future<Boolean> resend(Outbox.Decision d) {
        Future<Boolean> free = d.clientId() ? calls.claim(d.decision(), null)
                : Future.succeededFuture(true);
        return free.compose(ok -> ok
                ? calls.record(d.decision().placement(), List.of(d), null).map(r -> r.get(0))
                : Future.succeededFuture(false))
                .onSuccess(recorded -> {
                    if (!recorded) {
                        LOG.warn("Buffered decision {} was not recorded: another decision"
                                + " holds its event id; rewards buffered for it are not applied",
                                d.eventId());
                    }
                });
    }

    /** Buffers a decision whose write failed for a reason that may pass. */
    private Future<Boolean> afterFailure(Outbox.Decision op, Throwable e) {
        if (!RedisReplies.transientFailure(e)) {
            return Future.failedFuture(RedisScripts.unwrap(e));
        }
        outbox.markDown(e);
        return buffer(op, RedisScripts.unwrap(e));
    }

    /**
     * Buffers a decision (true); false when its client id is in use by a decision this process
     * recorded lately or holds in the buffer (Redis cannot be asked now); fails with
     * {@link StoreUnavailableException} when the buffer is full.
     */
    private Future<Boolean> buffer(Outbox.Decision op, Throwable cause) {
        if (op.clientId() && recent.holds(op.eventId())) {
            return Future.succeededFuture(false);
        }
        return outbox.offer(op, cause).onSuccess(ok -> {
            if (ok) {
                recent.put(op.decision(), op.encoded());
            }
        });
    }
}
