package dev.bandstand.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What an outage leaves for instances to settle once Redis answers again, so that no client
 * is misled meanwhile: this instance announces its backlog while it writes it
 * ({@link Backlogs}), an event another instance cannot find is answered as maybe pending
 * rather than unknown while any backlog is announced, while the heartbeat of another instance
 * lapsed less than the partition grace ago (it may be cut off from Redis alone, buffering),
 * or moments after this instance found Redis again; and the buffered rewards that changed
 * nothing are reported once per backlog ({@link BacklogReport}). Thread-safe.
 *
 * <p>Limitations: an instance counts as silent only {@link Backlogs#OVERDUE} after its last
 * renewal, so a reward that reaches another instance sooner after a partition began, for a
 * decision the cut-off instance made since, is still answered as unknown; one that comes
 * later than the partition grace after that too. An instance that stopped without
 * shutting down (kill -9, a lost host) cannot be told from a cut-off one: for the partition
 * grace after its heartbeat lapsed, every event another instance cannot find is answered as
 * maybe pending.
 */
final class CatchUp implements Outbox.Announcer {

    /**
     * How long after finding Redis again an instance answers an event it cannot find as maybe
     * pending: other instances that lost Redis at the same time may not have reconnected and
     * announced their backlogs yet (Lettuce tries to reconnect at least every second, and a
     * drain runs every 200 ms, but a busy machine stalls a process for seconds: at 3 s, one
     * reward in about 10,000 was answered unknown in tests on two loaded cores). The command
     * timeout is added to it.
     */
    static final Duration RECONNECT_GRACE = Duration.ofSeconds(10);

    /** An instance known before the outage whose heartbeat Redis no longer holds. */
    private static final long MISSING = Long.MIN_VALUE;

    private final Backlogs backlogs;
    private final BacklogReport report = new BacklogReport();
    private final long graceNanos;
    private final Duration partitionGrace;
    /** {@link System#nanoTime()} when Redis was last found reachable after being down. */
    private volatile long reachableAt = System.nanoTime() - Long.MAX_VALUE / 2;
    /**
     * Guarded by this: the other instances whose heartbeat has not been renewed since this
     * instance found Redis again, each with when it had last renewed it then (Redis clock);
     * null until the first renewal after that tells who they are. Empty when none.
     */
    private Map<String, Long> unheard = new HashMap<>();
    /**
     * Guarded by this: the other instances with a live heartbeat at the last renewal before
     * this instance lost Redis. One of them missing after an outage means Redis lost its data
     * (a restart without persistence): it is waited for until it renews, or for the
     * partition grace.
     */
    private Set<String> known = new HashSet<>();

    CatchUp(Backlogs backlogs, Duration commandTimeout, Duration partitionGrace) {
        this(backlogs, partitionGrace, RECONNECT_GRACE.plus(commandTimeout).toNanos());
    }

    private CatchUp(Backlogs backlogs, Duration partitionGrace, long graceNanos) {
        this.backlogs = backlogs;
        this.graceNanos = graceNanos;
        this.partitionGrace = partitionGrace;
    }

    /** With {@code reconnectGrace} instead of {@link #RECONNECT_GRACE} and a timeout. */
    static CatchUp withReconnectGrace(Backlogs backlogs, Duration partitionGrace,
            Duration reconnectGrace) {
        return new CatchUp(backlogs, partitionGrace, reconnectGrace.toNanos());
    }

    @Override
    public Future<Void> announce() {
        return backlogs.mark();
    }

    @Override
    public Future<Void> written() {
        report.log(backlogs.instance());
        return backlogs.clear();
    }

    @Override
    public synchronized void reachable() {
        reachableAt = System.nanoTime();
        unheard = null;
    }

    /**
     * False after this instance found Redis again while other instances may not have come back
     * yet: for {@link #RECONNECT_GRACE} and a command timeout, and until every other instance
     * whose heartbeat was alive then has renewed it (an instance that buffered renews only once
     * its backlog is marked, see {@link Heartbeat}), or let it lapse (then it counts as cut
     * off), or left. So a slow instance is waited for however long it takes to reconnect, as
     * long as its heartbeat lives, with no timing to guess. An instance known before the
     * outage whose heartbeat Redis lost (a restart without persistence) is waited for until it
     * renews, or for the partition grace.
     */
    synchronized boolean settled() {
        return System.nanoTime() - reachableAt >= graceNanos && unheard != null
                && unheard.isEmpty();
    }

    /** What a renewal of this instance's heartbeat told of the others. */
    synchronized void heard(Backlogs.Beat beat) {
        if (unheard == null) {
            unheard = new HashMap<>();
            beat.peers().forEach((instance, peer) -> {
                // one already lapsed is left to the partition rule
                if (peer.untilMs() >= 0 && peer.renewedAt() >= 0) {
                    unheard.put(instance, peer.renewedAt());
                }
            });
            for (String instance : known) {
                if (!beat.peers().containsKey(instance)) {
                    unheard.put(instance, MISSING);
                }
            }
        } else {
            boolean lateEnough = System.nanoTime() - reachableAt > partitionGrace.toNanos();
            unheard.entrySet().removeIf(e -> {
                Backlogs.Peer peer = beat.peers().get(e.getKey());
                if (peer == null) {
                    // gone: it left, or Redis lost it and it has not renewed since
                    return e.getValue() != MISSING || lateEnough;
                }
                return peer.untilMs() < 0 || peer.renewedAt() > e.getValue();
            });
        }
        known = new HashSet<>();
        beat.peers().forEach((instance, peer) -> {
            if (peer.untilMs() >= 0) {
                known.add(instance);
            }
        });
    }

    /** Notes what became of a buffered reward once written, for the backlog's report. */
    void written(Outbox.Reward op, RewardOutcome outcome) {
        report.add(op, outcome);
    }

    /**
     * What to answer for an event Redis did not hold: a failure with
     * {@link EventMaybePendingException} while an instance may still write it, else what
     * {@code lookAgain} finds. Looking again matters when a backlog was written between the
     * first look and the question (its mark is cleared after its last write): it holds the
     * event then.
     */
    Future<PendingDecision> notFound(String eventId, Context ctx,
            Supplier<Future<PendingDecision>> lookAgain) {
        if (!settled()) {
            return Future.failedFuture(new EventMaybePendingException(eventId, "this instance"
                    + " reached Redis again after an outage moments ago, and others may still"
                    + " write what they buffered"));
        }
        return backlogs.live(ctx).compose(holder -> holder == null ? lookAgain.get()
                : Future.failedFuture(new EventMaybePendingException(eventId, reason(holder))));
    }

    private String reason(Backlogs.Holder holder) {
        if (holder.writing()) {
            return "instance " + holder.instance() + " is writing decisions it buffered during"
                    + " an outage";
        }
        if (holder.overdue()) {
            return "instance " + holder.instance() + " has not renewed its heartbeat in Redis"
                    + " for " + Heartbeat.text(Duration.ofMillis(holder.lapsedMs())) + ": it"
                    + " may be catching up after an outage or cut off from Redis, holding"
                    + " decisions it writes when it reconnects; should it have stopped without"
                    + " shutting down instead, events not found are answered so until "
                    + Heartbeat.text(partitionGrace) + " after that (store.partitionGrace)";
        }
        return "the heartbeat of instance " + holder.instance() + " in Redis lapsed "
                + Heartbeat.text(Duration.ofMillis(holder.lapsedMs())) + " ago: it may be cut"
                + " off from Redis, holding decisions it writes when it reconnects; should it"
                + " have stopped without shutting down instead, events not found are answered"
                + " so until " + Heartbeat.text(partitionGrace) + " after the lapse"
                + " (store.partitionGrace)";
    }
}
