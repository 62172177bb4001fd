package dev.bandstand.store;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands the outcome of each buffered reward that was applied when written to the listener the
 * engine set ({@link StatsStore#onBufferedRewardApplied}), on a Vert.x context, so that the
 * decision log and the local model learn it as they learn any applied reward. Only applied
 * outcomes pass, so each reward is handed on once: written again (its window failed after
 * it took effect, or a journal replays it), it finds its slot rewarded and is a duplicate.
 *
 * <p>The replay of an outbox journal runs while the store connects, before any engine exists:
 * its outcomes are kept until a listener is set and handed to it then. After the replay,
 * outcomes that come while no listener is set are not kept (nothing uses the store's
 * rewards then). Thread-safe.
 *
 * <p>Limitations: a reward whose write took effect but whose answer was lost (a command
 * timeout, a crash before the journal noted it) is a duplicate when written again and is
 * never handed on, since a duplicate cannot be told from a reward another instance applied
 * and logged.
 */
final class BacklogOutcomes {

    // under the store's name, where operators read every other outage line
    private static final Logger LOG = LoggerFactory.getLogger(RedisStatsStore.class);

    private final Vertx vertx;
    /** Guarded by this: the listener and its context, or null before one is set. */
    private Consumer<RewardOutcome> listener;
    private Context context;
    /** Guarded by this: the replay's outcomes until a listener is set; null after. */
    private List<RewardOutcome> kept = new ArrayList<>();
    /** Guarded by this: true until the journal's replay has ended. */
    private boolean replaying = true;

    BacklogOutcomes(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * Sets the listener, replacing any before; outcomes kept from the replay are handed to it
     * at once, on the calling thread, later ones on the current Vert.x context (one of
     * {@code vertx}'s when the caller has none).
     */
    void listen(Consumer<RewardOutcome> listener) {
        Context ctx = vertx.getOrCreateContext();
        List<RewardOutcome> early;
        synchronized (this) {
            this.listener = listener;
            this.context = ctx;
            early = kept;
            kept = null;
        }
        if (early != null) {
            early.forEach(o -> hand(listener, o));
        }
    }

    /**
     * Notes that the journal's replay has ended: what it applied stays kept for the first
     * listener, and nothing more is.
     */
    synchronized void replayed() {
        replaying = false;
    }

    /** Hands on the outcome of a buffered reward once written, when it was applied. */
    void written(RewardOutcome outcome) {
        if (outcome.status() != RewardOutcome.Status.APPLIED) {
            return;
        }
        Consumer<RewardOutcome> to;
        Context ctx;
        synchronized (this) {
            if (listener == null) {
                if (replaying && kept != null) {
                    kept.add(outcome);
                }
                return;
            }
            to = listener;
            ctx = context;
        }
        ctx.runOnContext(v -> hand(to, outcome));
    }

    private static void hand(Consumer<RewardOutcome> listener, RewardOutcome outcome) {
        try {
            listener.accept(outcome);
        } catch (RuntimeException e) {
            LOG.error("The applied reward for event {}, written from the outage buffer, failed"
                    + " in the engine: it is counted in Redis, but this instance's decision log"
                    + " lacks it and its local model learns it at the next sync",
                    outcome.decision().eventId(), e);
        }
    }
}
