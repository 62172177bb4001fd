package dev.bandstand.placement;

import dev.bandstand.config.StoreSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic work of a running engine: the sweeper that settles expired decisions every
 * {@link StoreSettings#sweepInterval()}, and, when the store is shared, the sync that reloads
 * local models every {@link StoreSettings#syncInterval()}.
 *
 * <p>Timers run on a Vert.x event loop and only chain asynchronous calls. A sweep or sync
 * still running when its timer fires again is not started twice. Store failures are logged
 * by the engine (rate-limited); the next tick tries again.
 */
public final class Upkeep {

    /** Most decisions one store call settles. */
    public static final int SWEEP_BATCH = 500;

    /** Most store calls one sweep makes before it leaves the rest to the next tick. */
    static final int SWEEP_ROUNDS = 20;

    private static final Logger LOG = LoggerFactory.getLogger(Upkeep.class);

    private final Vertx vertx;
    private final Placements placements;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final AtomicBoolean syncing = new AtomicBoolean();
    private final long sweepTimer;
    private final long syncTimer;

    private Upkeep(Vertx vertx, Placements placements, StoreSettings settings) {
        this.vertx = vertx;
        this.placements = placements;
        this.sweepTimer = vertx.setPeriodic(
                Math.max(1, settings.sweepInterval().toMillis()), id -> sweep());
        this.syncTimer = placements.store().shared()
                ? vertx.setPeriodic(Math.max(1, settings.syncInterval().toMillis()), id -> sync())
                : -1;
    }

    /** Starts the timers; they run until {@link #close()}. */
    public static Upkeep start(Vertx vertx, Placements placements, StoreSettings settings) {
        return new Upkeep(vertx, placements, settings);
    }

    /** Cancels the timers; a sweep or sync under way finishes on its own. */
    public void close() {
        vertx.cancelTimer(sweepTimer);
        if (syncTimer >= 0) {
            vertx.cancelTimer(syncTimer);
        }
    }

    private void sweep() {
        if (!sweeping.compareAndSet(false, true)) {
            return;
        }
        sweepRounds(SWEEP_ROUNDS)
                .onFailure(Upkeep::logUnexpected)
                .onComplete(done -> sweeping.set(false));
    }

    /** Sweeps again while the store still had expired decisions, up to {@code rounds} calls. */
    private Future<Void> sweepRounds(int rounds) {
        return placements.sweep(SWEEP_BATCH).compose(settled -> settled > 0 && rounds > 1
                ? sweepRounds(rounds - 1)
                : Future.succeededFuture());
    }

    private void sync() {
        if (!syncing.compareAndSet(false, true)) {
            return;
        }
        placements.sync()
                .onFailure(Upkeep::logUnexpected)
                .onComplete(done -> syncing.set(false));
    }

    private static void logUnexpected(Throwable err) {
        if (!(err instanceof Rejection)) {
            LOG.error("periodic store work failed", err);
        }
    }
}
