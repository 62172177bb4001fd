package dev.bandstand.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's heartbeat in Redis ({@link Backlogs}), renewed every
 * {@link Backlogs#HEARTBEAT_INTERVAL} while Redis is reachable, and removed on a clean
 * shutdown; and what each renewal tells of the other instances: one WARN when another's
 * heartbeat lapses, one INFO when it beats again or is no longer counted. No renewal while
 * this instance counts Redis down and has not marked its backlog yet: on its return, the mark
 * must come before a heartbeat says all is well. A lapse seen moments after this instance
 * itself found Redis again is not warned about then, since all instances may have lost Redis
 * and come back each at its own pace; it is, at a later renewal, if it lasts. Thread-safe.
 */
final class Heartbeat {

    // under the store's name, where operators read every other outage line
    private static final Logger LOG = LoggerFactory.getLogger(RedisStatsStore.class);

    private final Vertx vertx;
    private final Backlogs backlogs;
    private final Duration partitionGrace;
    private final BooleanSupplier reachable;
    private final BooleanSupplier settled;
    private final Consumer<Throwable> failed;
    private final Consumer<Backlogs.Beat> heard;
    /** Guarded by this: the periodic renewal, or -1 before it starts and once stopped. */
    private long timer = -1;
    private boolean stopped;
    /** Guarded by this: the renewal last sent, complete when none is on its way. */
    private Future<Void> last = Future.succeededFuture();
    /** Guarded by this: whether the last renewal failed, so that failures warn once. */
    private boolean failing;
    /** Guarded by this: the other instances whose lapse was warned about. */
    private final Set<String> warned = new HashSet<>();

    /**
     * @param reachable true while this instance may renew: Redis reachable (any backlog
     *     marked), store open
     * @param settled false for a while after this instance found Redis again
     * @param failed told of every failed renewal (the store marks Redis down on a timeout)
     * @param heard told of the other instances at every renewal
     */
    Heartbeat(Vertx vertx, Backlogs backlogs, Duration partitionGrace,
            BooleanSupplier reachable, BooleanSupplier settled, Consumer<Throwable> failed,
            Consumer<Backlogs.Beat> heard) {
        this.vertx = vertx;
        this.backlogs = backlogs;
        this.partitionGrace = partitionGrace;
        this.reachable = reachable;
        this.settled = settled;
        this.failed = failed;
        this.heard = heard;
    }

    /**
     * Renews the heartbeat now and every interval from now on; once.
     *
     * @return the first renewal, complete once answered; never fails
     */
    synchronized Future<Void> start() {
        if (timer >= 0 || stopped) {
            return Future.succeededFuture();
        }
        Future<Void> first = beat();
        timer = vertx.setPeriodic(Backlogs.HEARTBEAT_INTERVAL.toMillis(), id -> beat());
        return first;
    }

    /** Renews the heartbeat unless one renewal is on its way or Redis counts as down. */
    synchronized Future<Void> beat() {
        if (stopped || !last.isComplete() || !reachable.getAsBoolean()) {
            return last;
        }
        last = backlogs.beat().onComplete(beat -> {
            if (beat.succeeded()) {
                heard.accept(beat.result());
                seen(beat.result().untilMs());
            } else {
                failed(beat.cause());
            }
        }).<Void>mapEmpty().recover(e -> Future.succeededFuture());
        return last;
    }

    /**
     * Stops renewing and removes the heartbeat, after any renewal on its way; never fails (a
     * heartbeat Redis did not remove lapses on its own).
     */
    Future<Void> stop() {
        Future<Void> before;
        synchronized (this) {
            stopped = true;
            if (timer < 0) {
                // never started: there is nothing to remove
                return Future.succeededFuture();
            }
            vertx.cancelTimer(timer);
            timer = -1;
            before = last;
        }
        return before.compose(v -> backlogs.leave()).recover(e -> {
            LOG.debug("Heartbeat of instance {} not removed from Redis ({}); it lapses",
                    backlogs.instance(), e.toString());
            return Future.succeededFuture();
        });
    }

    private synchronized void failed(Throwable e) {
        // a timeout marks Redis down, and the store warns of that once
        failed.accept(e);
        if (!RedisReplies.transientFailure(e) && !failing) {
            failing = true;
            LOG.warn("Heartbeat of instance {} cannot be renewed in Redis; while it fails, other"
                    + " instances may answer rewards for this one's events 503"
                    + " EVENT_MAYBE_PENDING", backlogs.instance(), RedisScripts.unwrap(e));
        }
    }

    /**
     * Logs what changed in the other instances' heartbeats.
     *
     * @param others each other instance with the milliseconds until its heartbeat lapses
     *     (negative: since it lapsed)
     */
    synchronized void seen(Map<String, Long> others) {
        failing = false;
        boolean quiet = !settled.getAsBoolean();
        for (Map.Entry<String, Long> e : others.entrySet()) {
            String instance = e.getKey();
            long untilMs = e.getValue();
            if (untilMs < 0 && !quiet && warned.add(instance)) {
                LOG.warn("Instance {} has not renewed its heartbeat in Redis, which lapsed {}"
                        + " ago: it is cut off from Redis (what it buffered is written when it"
                        + " reconnects), or it stopped without shutting down. Until it"
                        + " beats again, or for store.partitionGrace ({}) after the lapse, this"
                        + " instance answers rewards for events it cannot find 503"
                        + " EVENT_MAYBE_PENDING, not 404; check that instance and its network",
                        instance, text(Duration.ofMillis(-untilMs)),
                        text(partitionGrace));
            } else if (untilMs >= 0 && warned.remove(instance)) {
                LOG.info("Instance {} renews its heartbeat in Redis again", instance);
            }
        }
        for (Iterator<String> it = warned.iterator(); it.hasNext();) {
            String instance = it.next();
            if (!others.containsKey(instance)) {
                it.remove();
                LOG.info("Instance {} is no longer counted as maybe holding events: its"
                        + " heartbeat lapsed store.partitionGrace ({}) ago, or it shut down",
                        instance, text(partitionGrace));
            }
        }
    }

    /** {@code d} as the configuration writes it: {@code 5m}, {@code 30s}, {@code 1500ms}. */
    static String text(Duration d) {
        long ms = d.toMillis();
        long[] units = {86_400_000, 3_600_000, 60_000, 1_000};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i] && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
