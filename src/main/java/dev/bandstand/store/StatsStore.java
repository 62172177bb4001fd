package dev.bandstand.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where statistics and pending decisions live: in this process ({@code InMemoryStatsStore},
 * the default) or in Redis, shared by every instance.
 *
 * <p>The contract every implementation passes (see {@code StatsStoreContract} in the tests):
 * a recorded decision can be rewarded exactly once per slot, however many callers race; a
 * reward changes the sums exactly as {@link dev.bandstand.policy.StatsFields} says; each
 * expired decision gets its default reward (or is dropped) exactly once, however many
 * instances sweep; an unknown or expired event changes nothing. Methods never block the
 * calling thread; futures complete on the caller's Vert.x context when there is one.
 */
public interface StatsStore {

    /**
     * Stores a pending decision and adds its {@code decided} increments. An event id names one
     * decision in the whole store, since a reward names only the event id: of any number of
     * callers racing with one id, in one placement or several, one records it.
     *
     * @return true, or false when the event id is already taken by a decision of any placement
     *     (nothing changed)
     * @throws StoreUnavailableException (as a failed future) when the store cannot take the
     *     decision now, its shared backend unreachable and its buffer for decisions full;
     *     nothing was recorded
     */
    Future<Boolean> recordDecision(PendingDecision decision);

    /**
     * As {@link #recordDecision}, for a decision whose event id this service drew (128 random
     * bits), which no other decision can hold: the store may skip what it does to keep a
     * client's id unique across placements. Answers once the decision is stored.
     *
     * <p>The default is {@link #recordDecision}.
     */
    default Future<Boolean> recordDrawnDecision(PendingDecision decision) {
        return recordDecision(decision);
    }

    /**
     * The decision recorded under {@code eventId}, so that a reward can be checked against
     * its placement's reward range and normalised before {@link #applyReward}.
     *
     * @return the decision while the store remembers it (waiting, rewarded, or settled within
     *     the store's tombstone margin), or null when unknown
     */
    Future<PendingDecision> decision(String eventId);

    /**
     * Joins a normalised reward with its pending decision and applies it exactly once.
     *
     * <p>A reward is judged by {@code now}, when it was accepted: one accepted before the end
     * of the wait but joined after {@link #expireDue} settled its slot (it waited in an outage
     * buffer, or raced the sweep) is {@link RewardOutcome.Status#APPLIED} and
     * {@linkplain RewardOutcome#late() late}: it replaces the default reward the slot got, or
     * takes back its drop. Under the cascade rule it also gives the default reward to the
     * earlier slots of a slate the sweep dropped as not reached; the outcome lists them
     * ({@link RewardOutcome#reached()}), each shaped as the sweep's outcome would have been.
     *
     * @param eventId the decision's event id
     * @param armId the slot's arm; may be null for a decision with one slot
     * @param reward normalised reward in [0, 1]
     * @param now the current time, to tell expired decisions apart
     */
    Future<RewardOutcome> applyReward(String eventId, String armId, double reward, Instant now);

    /**
     * Sets what learns of the rewards this store buffered ({@link RewardOutcome.Status#QUEUED})
     * once it has written them: {@code listener} gets the outcome of each that was
     * {@link RewardOutcome.Status#APPLIED} then (perhaps {@linkplain RewardOutcome#late()
     * late}, with the slots it {@linkplain RewardOutcome#reached() reached}), once; those that
     * changed nothing are not handed on. A later call replaces the listener. It is called on
     * a Vert.x context and must not block; what it throws is logged.
     *
     * <p>The default does nothing: a store that never buffers rewards.
     */
    default void onBufferedRewardApplied(Consumer<RewardOutcome> listener) {
    }

    /**
     * Settles every decision whose wait ended before {@code now}, exactly once across all
     * instances, under the cascade rule of slates: a listener who reacted to position k
     * reached every position before it, and nothing after the last position with a reward
     * was reached; with no reward at all only the first position was. Each reached slot
     * still waiting gets the default reward (or is dropped when there is none); every slot
     * not reached is dropped, never counted as a negative. A one-slot decision is always
     * reached.
     *
     * @param limit the most decisions to settle in this call
     * @return one outcome per settled slot, {@link RewardOutcome.Status#APPLIED} or
     *     {@link RewardOutcome.Status#DROPPED}
     */
    Future<List<RewardOutcome>> expireDue(Instant now, int limit);

    /**
     * Forgets a person: every remembered decision (waiting, rewarded or kept as a tombstone)
     * whose log payload {@linkplain PendingDecision#carriesUser carries} {@code userKey}
     * loses its payload, so that nothing kept names the person. The statistics are
     * aggregates and stay. Idempotent.
     *
     * <p>The default fails: a store must implement it to support {@code DELETE /v1/users}.
     *
     * @return the number of decisions changed
     */
    default Future<Integer> forgetUser(String userKey) {
        return Future.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " cannot forget users"));
    }

    /**
     * The people forgotten through any instance sharing this store at or after
     * {@code sinceMillis} (epoch milliseconds), oldest first; a bounded page, so a caller reads
     * again from the last time it saw. Lets every instance take them out of its own decision
     * log. The default has none: a store only one process uses.
     */
    default Future<List<ForgottenUser>> forgottenSince(long sinceMillis) {
        return Future.succeededFuture(List.of());
    }

    /**
     * Adds an arm to a running placement for every instance, or brings a retired one back:
     * from now on its rewards train the model again. Idempotent.
     *
     * <p>An arm the placement does not offer yet (new, or retired) is refused when it offers
     * {@code limit.max()} arms already; an arm it offers may always be replaced. The check and
     * the change are one atomic step where the arms are kept, so additions racing through any
     * number of requests and instances never take the placement past the limit. A refusal
     * changes nothing.
     *
     * <p>The default fails: a store must implement it to share arm changes.
     *
     * @param description what the engine needs to rebuild the arm (JSON), kept as given
     * @param limit the placement's configured arm ids and the most arms it may offer
     * @return whether the arm was kept, and the number of arms the placement offers
     */
    default Future<ArmAddition> addArm(String placement, String armId, String description,
            ArmLimit limit) {
        return Future.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " cannot keep arm changes"));
    }

    /**
     * Retires an arm of a placement for every instance. From now on a reward joined with a
     * decision that chose it (or its default reward at expiry) does not train the model:
     * {@link #applyReward} applies {@link dev.bandstand.policy.StatsFields#rewardedRetired}
     * and answers {@code trained} false; {@link #expireDue} drops its slots. Idempotent.
     *
     * <p>The default fails: a store must implement it to share arm changes.
     */
    default Future<Void> retireArm(String placement, String armId) {
        return Future.failedFuture(new UnsupportedOperationException(
                getClass().getSimpleName() + " cannot keep arm changes"));
    }

    /** The arms added and retired in the placement; the default knows none. */
    default Future<ArmRoster> arms(String placement) {
        return Future.succeededFuture(ArmRoster.EMPTY);
    }

    /** The placement's current statistics and version. */
    Future<StatsSnapshot> snapshot(String placement);

    /** True when other processes share these statistics, so local models must sync. */
    boolean shared();

    /**
     * True while the store cannot reach its shared backend and accepts work into a bounded
     * buffer instead; health checks report this as degraded. Always false for a store that
     * needs no backend.
     */
    default boolean degraded() {
        return false;
    }

    /** Releases connections and timers; pending work is flushed first where possible. */
    Future<Void> close();
}
