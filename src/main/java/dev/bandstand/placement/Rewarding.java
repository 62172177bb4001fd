package dev.bandstand.placement;

import dev.bandstand.config.PlacementSettings;
import dev.bandstand.store.EventMaybePendingException;
import dev.bandstand.store.PendingDecision;
import dev.bandstand.store.RewardOutcome;
import dev.bandstand.store.StatsStore;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of a decision's life for {@link Placements}: joining a reward, settling
 * decisions at expiry, and teaching the local models and the decision log what the store
 * applied. Thread-safe, as {@link Placements} is.
 */
final class Rewarding {

    private static final Logger LOG = LoggerFactory.getLogger(Rewarding.class);

    /** Seconds a client is asked to wait before retrying a reward for a maybe pending event. */
    static final int RETRY_AFTER = 1;

    private final Map<String, Placement> byName;
    private final StatsStore store;
    private final Clock clock;
    private final StoreHealth health;
    private final DecisionJournal journal;
    private final Function<Throwable, Throwable> failed;

    Rewarding(Map<String, Placement> byName, StatsStore store, Clock clock, StoreHealth health,
            DecisionJournal journal) {
        this.byName = byName;
        this.store = store;
        this.clock = clock;
        this.health = health;
        this.journal = journal;
        this.failed = err -> health.failed(store, err);
    }

    /** See {@link Placements#reward}. */
    Future<RewardReceipt> reward(RewardRequest request) {
        try {
            checkAnyRange(request.value());
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        Instant now = clock.instant();

        return store.decision(request.eventId())
                .recover(err -> Future.failedFuture(err instanceof EventMaybePendingException e
                        ? maybePending(e) : failed.apply(err)))
                .compose(decision -> {
                    Placement placement = decision == null ? null
                            : byName.get(decision.placement());
                    if (placement == null) {
                        throw unknownEvent(request.eventId());
                    }
                    double reward = normalised(placement.settings(), request.value());
                    return store.applyReward(request.eventId(), request.armId(), reward, now)
                            .recover(err -> Future.failedFuture(failed.apply(err)))
                            .compose(outcome -> outcome.late()
                                    ? reload(placement, outcome) : Future.succeededFuture(outcome))
                            .map(outcome -> receipt(placement, decision, request, outcome));
                });
    }

    /** See {@link Placements#sweep}. */
    Future<Integer> sweep(int limit) {
        return store.expireDue(clock.instant(), limit)
                .recover(err -> Future.failedFuture(failed.apply(err)))
                .map(outcomes -> {
                    health.succeeded(store);
                    for (RewardOutcome o : outcomes) {
                        settle(o);
                    }
                    journal.flushExpired(clock.instant(), Placements.SLATE_LOG_GRACE);
                    return outcomes.size();
                });
    }

    /**
     * Takes the outcome of a reward the store buffered and applied once its backend answered
     * ({@link StatsStore#onBufferedRewardApplied}) as {@link #reward} takes one applied at
     * once: logged with the slots it reached, learned by the local model, a late one by
     * reloading the model. Nothing was logged or learned when the reward was answered
     * {@code QUEUED}, so this is its only time.
     */
    void written(RewardOutcome outcome) {
        Placement p = outcome.status() == RewardOutcome.Status.APPLIED
                ? byName.get(outcome.decision().placement()) : null;
        if (p == null) {
            return;
        }
        learn(p, outcome);
        if (outcome.late()) {
            // never fails: a failed read is logged, and the next sync catches up
            reload(p, outcome);
        }
    }

    private RewardReceipt receipt(Placement placement, PendingDecision decision,
            RewardRequest request, RewardOutcome outcome) {
        health.succeeded(store);
        String id = request.eventId();
        switch (outcome.status()) {
            case APPLIED:
                learn(placement, outcome);
                return new RewardReceipt(id, outcome.slot().armId(), placement.name());
            case DUPLICATE:
                throw request.armId() == null
                        ? new Rejection(409, "DUPLICATE_REWARD", "eventId",
                                "event " + id + " already has its reward")
                        : new Rejection(409, "DUPLICATE_REWARD", "armId", "arm "
                                + request.armId() + " of event " + id + " already has its reward");
            case UNKNOWN_EVENT:
                throw unknownEvent(id);
            case UNKNOWN_ARM:
                throw new Rejection(404, "UNKNOWN_ARM", "armId",
                        "event " + id + " did not choose arm " + request.armId());
            case EXPIRED:
                throw new Rejection(410, "EXPIRED", "eventId",
                        "the reward wait of event " + id + " is over");
            case ARM_REQUIRED:
                throw Rejection.badRequest("ARM_REQUIRED", "armId",
                        "event " + id + " chose a slate: name the rewarded arm");
            case QUEUED:
                // neither logged nor learned now: the store hands the outcome to written();
                // a one-slot decision names its arm, as an applied reward's receipt does
                return new RewardReceipt(id, request.armId() != null ? request.armId()
                        : decision.slots().size() == 1 ? decision.slots().get(0).armId()
                        : null, placement.name());
            default:
                throw new IllegalStateException("store answered a reward with "
                        + outcome.status());
        }
    }

    private void settle(RewardOutcome outcome) {
        Placement p = byName.get(outcome.decision().placement());
        if (p == null) {
            return;
        }
        if (outcome.status() == RewardOutcome.Status.APPLIED) {
            learn(p, outcome);
        } else if (outcome.status() == RewardOutcome.Status.DROPPED) {
            journal.settled(outcome);
            p.dropped(outcome.slot().update(), outcome.decision().weight());
        }
    }

    /**
     * Reloads the local model from the store's sums after a late reward: the store exchanged a
     * default reward or took back drops, which the model does not learn step by step. When the
     * read fails the reward stands and the model catches up at the next sync (never, with a
     * store that is not shared).
     */
    private Future<RewardOutcome> reload(Placement p, RewardOutcome outcome) {
        return store.snapshot(p.name()).onSuccess(p::load).transform(read -> {
            if (read.failed()) {
                LOG.warn("Placement {}: local model not reloaded after the late reward for"
                        + " event {}; it catches up at the next sync", p.name(),
                        outcome.decision().eventId(), read.cause());
            }
            return Future.succeededFuture(outcome);
        });
    }

    /**
     * Logs an applied reward (with the slots it reached) and teaches it to the local model as
     * the store did: a reward the store did not train on (its arm retired) only ends the
     * pending decision; a late one was learned by reloading the model.
     */
    private void learn(Placement p, RewardOutcome outcome) {
        journal.settled(outcome);
        if (outcome.late()) {
            return;
        }
        double weight = outcome.decision().weight();
        if (outcome.trained()) {
            p.rewarded(outcome.slot().update(), outcome.reward(), weight);
        } else {
            p.dropped(outcome.slot().update(), weight);
        }
    }

    private void checkAnyRange(double value) {
        for (Placement p : byName.values()) {
            if (value >= p.settings().rewardMin() && value <= p.settings().rewardMax()) {
                return;
            }
        }
        throw Rejection.badRequest("REWARD_OUT_OF_RANGE", "value",
                "value is outside every placement's reward range: " + value);
    }

    private static double normalised(PlacementSettings settings, double value) {
        if (!(value >= settings.rewardMin() && value <= settings.rewardMax())) {
            throw Rejection.badRequest("REWARD_OUT_OF_RANGE", "value",
                    "value must be in [" + settings.rewardMin() + ", " + settings.rewardMax()
                            + "] for placement " + settings.name() + ": " + value);
        }
        return Math.min(1.0, Math.max(0.0, settings.normalise(value)));
    }

    /**
     * 503 for an event the store may hold soon (an instance writes its outage backlog): a 404
     * would tell the client to drop the reward. Not a store failure, so health is unchanged.
     */
    private static Rejection maybePending(EventMaybePendingException e) {
        return new Rejection(503, "EVENT_MAYBE_PENDING", "eventId", e.getMessage()
                + "; retry later", RETRY_AFTER);
    }

    private static Rejection unknownEvent(String eventId) {
        return new Rejection(404, "UNKNOWN_EVENT", "eventId", "no such event: " + eventId);
    }
}
