package dev.bandstand.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions written to Redis in batches (see {@link Batcher}: one record script per placement
 * for the decisions made while the previous batch was written, at most {@link #MOST}), so that
 * a decision can be answered before Redis has it and Redis runs one script for several.
 *
 * <p>Each held decision keeps a room in the {@link Outbox}'s part for decisions (a
 * decision without a room is written alone instead): when its write fails for a reason
 * that may pass, it moves there and is written once Redis answers, so nothing accepted is
 * dropped while the process lives. {@link #written} tells a reward to wait until its decision
 * left the batch. Thread-safe.
 */
final class DecisionBatches {

    /** Most decisions in one batch; a full batch leaves at once. */
    static final int MOST = 128;

    private static final Logger LOG = LoggerFactory.getLogger(DecisionBatches.class);

    private final Batcher<Outbox.Decision, Boolean> batcher;
    private final Outbox outbox;
    private final Map<String, Future<Boolean>> unwritten = new ConcurrentHashMap<>();

    /** @param writer writes one placement's decisions; per decision whether it was recorded */
    DecisionBatches(Batcher.Writer<Outbox.Decision, Boolean> writer, Outbox outbox) {
        this.batcher = new Batcher<>(MOST, writer);
        this.outbox = outbox;
    }

    /**
     * Holds {@code op} for the next batch.
     *
     * @return completes with whether it was recorded (true too when it went to the outbox),
     *     or fails when Redis refused it for good or the outbox could not keep it
     *     ({@link StoreUnavailableException}); null when the outbox has no room to
     *     guarantee it, so the caller must write it itself
     */
    Future<Boolean> add(Outbox.Decision op) {
        if (!outbox.reserve()) {
            return null;
        }
        Promise<Boolean> recorded = Promise.promise();
        unwritten.put(op.eventId(), recorded.future());
        batcher.add(op.decision().placement(), op).onComplete(ar -> {
            if (ar.failed() && RedisReplies.transientFailure(ar.cause())) {
                // into the outbox before anyone waiting on it (a reward) goes on
                outbox.markDown(ar.cause());
                outbox.admit(op, RedisScripts.unwrap(ar.cause())).onComplete(kept -> {
                    unwritten.remove(op.eventId(), recorded.future());
                    recorded.handle(kept.map(true));
                });
                return;
            }
            unwritten.remove(op.eventId(), recorded.future());
            if (ar.succeeded()) {
                outbox.release();
                recorded.complete(ar.result());
            } else {
                outbox.release();
                LOG.error("Redis refused decision {}; if it was answered already it is lost",
                        op.eventId(), ar.cause());
                recorded.fail(RedisScripts.unwrap(ar.cause()));
            }
        });
        return recorded.future();
    }

    /**
     * Completes once the decision of {@code eventId} left its batch (written, or moved to
     * the outbox, or refused); at once when this process holds no such decision. Never fails.
     */
    Future<Void> written(String eventId) {
        Future<Boolean> pending = unwritten.get(eventId);
        if (pending == null) {
            return Future.succeededFuture();
        }
        batcher.sendNow();
        return pending.<Void>mapEmpty().otherwiseEmpty();
    }

    /** Sends the open batch now; completes when every decision held so far left. */
    Future<Void> flush() {
        batcher.sendNow();
        return Future.join(new ArrayList<>(unwritten.values())).<Void>mapEmpty()
                .otherwiseEmpty();
    }
}
