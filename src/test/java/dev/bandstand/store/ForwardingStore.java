package dev.bandstand.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A store that hands every call to another; tests extend it to change one behaviour (a full
 * buffer, a sweep that comes first) and keep the rest real.
 */
public class ForwardingStore implements StatsStore {

    private final StatsStore store;

    /** Forwards to {@code store}. */
    public ForwardingStore(StatsStore store) {
        this.store = store;
    }

    @Override
    public Future<Boolean> recordDecision(PendingDecision decision) {
        return store.recordDecision(decision);
    }

    @Override
    public Future<Boolean> recordDrawnDecision(PendingDecision decision) {
        return store.recordDrawnDecision(decision);
    }

    @Override
    public Future<PendingDecision> decision(String eventId) {
        return store.decision(eventId);
    }

    @Override
    public Future<RewardOutcome> applyReward(
            String eventId, String armId, double reward, Instant now) {
        return store.applyReward(eventId, armId, reward, now);
    }

    @Override
    public void onBufferedRewardApplied(Consumer<RewardOutcome> listener) {
        store.onBufferedRewardApplied(listener);
    }

    @Override
    public Future<List<RewardOutcome>> expireDue(Instant now, int limit) {
        return store.expireDue(now, limit);
    }

    @Override
    public Future<Integer> forgetUser(String userKey) {
        return store.forgetUser(userKey);
    }

    @Override
    public Future<List<ForgottenUser>> forgottenSince(long sinceMillis) {
        return store.forgottenSince(sinceMillis);
    }

    @Override
    public Future<ArmAddition> addArm(String placement, String armId, String description,
            ArmLimit limit) {
        return store.addArm(placement, armId, description, limit);
    }

    @Override
    public Future<Void> retireArm(String placement, String armId) {
        return store.retireArm(placement, armId);
    }

    @Override
    public Future<ArmRoster> arms(String placement) {
        return store.arms(placement);
    }

    @Override
    public Future<StatsSnapshot> snapshot(String placement) {
        return store.snapshot(placement);
    }

    @Override
    public boolean shared() {
        return store.shared();
    }

    @Override
    public boolean degraded() {
        return store.degraded();
    }

    @Override
    public Future<Void> close() {
        return store.close();
    }
}
