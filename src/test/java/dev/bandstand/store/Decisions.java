package dev.bandstand.store;

import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.StatsFields;
import dev.bandstand.policy.TabularUpdate;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Fixtures for the Redis store tests: decisions, reference sums and blocking waits. */
final class Decisions {

    static final Instant T0 = Instant.parse("2026-03-02T08:15:30.123456789Z");
    static final List<String> BUCKETS =
            List.of("morning/phone/running", "morning/phone", "morning", "");

    private Decisions() {
    }

    /** A one-slot tabular decision waiting {@code wait} from {@link #T0}. */
    static PendingDecision tabular(String placement, String eventId, String arm, Duration wait,
            Double defaultReward) {
        Slot slot = new Slot(arm, 0.25, new TabularUpdate(arm, BUCKETS));
        return new PendingDecision(eventId, placement, T0, T0.plus(wait), 1.0, defaultReward,
                List.of(slot), null);
    }

    /** A one-slot linear decision with a sparse x. */
    static PendingDecision linear(String placement, String eventId, String arm, double weight) {
        double[] x = {1.0, 0.0, 0.5, -0.25, 0.0, 0.1 + 0.2, 3.0};
        Slot slot = new Slot(arm, 0.4, new LinearUpdate(arm, x));
        return new PendingDecision(eventId, placement, T0, T0.plusSeconds(60), weight, 0.0,
                List.of(slot), "{\"log\":true}");
    }

    /** A slate of {@code arms.size()} tabular slots with probabilities 1/(2 + i). */
    static PendingDecision slate(String placement, String eventId, List<String> arms,
            Duration wait, Double defaultReward) {
        List<Slot> slots = new java.util.ArrayList<>();
        for (int i = 0; i < arms.size(); i++) {
            slots.add(new Slot(arms.get(i), 1.0 / (2 + i),
                    new TabularUpdate(arms.get(i), List.of("evening/tv", "evening", ""))));
        }
        return new PendingDecision(eventId, placement, T0, T0.plus(wait), 1.0, defaultReward,
                slots, null);
    }

    /** Reference sums: what StatsFields says the given steps add up to. */
    static final class Expected {
        final Map<String, Double> sums = new HashMap<>();
        private final StatsFields.Sink sink = (f, d) -> sums.merge(f, d, Double::sum);

        Expected decided(PendingDecision d) {
            d.slots().forEach(s -> StatsFields.decided(s.update(), d.weight(), sink));
            return this;
        }

        Expected rewarded(PendingDecision d, int slot, double reward) {
            StatsFields.rewarded(d.slots().get(slot).update(), reward, d.weight(), sink);
            return this;
        }

        Expected dropped(PendingDecision d, int slot) {
            StatsFields.dropped(d.slots().get(slot).update(), d.weight(), sink);
            return this;
        }
    }

    /** Runs {@code step} on {@code ctx} and waits for it (10 s at most). */
    static void runOn(Context ctx, Runnable step) {
        Promise<Void> done = Promise.promise();
        ctx.runOnContext(v -> {
            step.run();
            done.complete();
        });
        await(done.future());
    }

    /** Waits for a future off the event loop (10 s at most) and returns its result. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
