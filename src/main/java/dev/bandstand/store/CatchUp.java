package dev.bandstand.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
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
 * <p>Limitations: a heartbeat lapses only {@link Backlogs#heartbeatLifetime} after its last
 * renewal, so a reward that reaches another instance sooner after a partition began, for a
 * decision the cut-off instance made since, is still answered as unknown; one that comes
 * later than the partition grace after the lapse too. An instance that stopped without
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

    private final Backlogs backlogs;
    private final BacklogReport report = new BacklogReport();
    private final long graceNanos;
    private final Duration partitionGrace;
    /** {@link System#nanoTime()} when Redis was last found reachable after being down. */
    private volatile long reachableAt = System.nanoTime() - Long.MAX_VALUE / 2;

    CatchUp(Backlogs backlogs, Duration commandTimeout, Duration partitionGrace) {
        this.backlogs = backlogs;
        this.graceNanos = RECONNECT_GRACE.plus(commandTimeout).toNanos();
        this.partitionGrace = partitionGrace;
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
    public void reachable() {
        reachableAt = System.nanoTime();
    }

    /**
     * False for {@link #RECONNECT_GRACE} and a command timeout after this instance found Redis
     * again, while other instances may not have come back yet.
     */
    boolean settled() {
        return System.nanoTime() - reachableAt >= graceNanos;
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
        return "the heartbeat of instance " + holder.instance() + " in Redis lapsed "
                + Heartbeat.text(Duration.ofMillis(holder.lapsedMs())) + " ago: it may be cut"
                + " off from Redis, holding decisions it writes when it reconnects; should it"
                + " have stopped without shutting down instead, events not found are answered"
                + " so until " + Heartbeat.text(partitionGrace) + " after the lapse"
                + " (store.partitionGrace)";
    }
}
