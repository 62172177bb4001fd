package dev.bandstand.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A store that runs a step once between accepting a reward and joining it: as a sweep that
 * settles the decision while the reward is on its way (it raced the sweep, or waited in an
 * outage buffer), so a reward accepted before the end of the wait reaches the store after its
 * decision was settled. Everything else goes to the store it wraps.
 */
final class SweepBeforeReward extends ForwardingStore {

    private final AtomicReference<Supplier<Future<?>>> before = new AtomicReference<>();

    SweepBeforeReward(StatsStore store) {
        super(store);
    }

    /** Runs {@code step} (once) before the next reward is joined, which waits for it. */
    void beforeNextReward(Supplier<Future<?>> step) {
        before.set(step);
    }

    @Override
    public Future<RewardOutcome> applyReward(
            String eventId, String armId, double reward, Instant now) {
        Supplier<Future<?>> step = before.getAndSet(null);
        Future<?> first = step == null ? Future.succeededFuture() : step.get();
        return first.compose(v -> super.applyReward(eventId, armId, reward, now));
    }
}
