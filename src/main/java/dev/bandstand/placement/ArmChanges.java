package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import io.vertx.core.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds and retires arms of running placements, without a reset: other arms' statistics are
 * unchanged. Thread-safe; changes are local to this process (see {@link ArmSet}).
 */
public final class ArmChanges {

    private static final Logger LOG = LoggerFactory.getLogger(ArmChanges.class);

    private final Function<String, Placement> placements;

    ArmChanges(Function<String, Placement> placements) {
        this.placements = placements;
    }

    /**
     * Adds {@code arm} to the placement's fixed arms, or replaces the arm of that id, while
     * the placement runs; other arms' statistics are unchanged. A new arm has no statistics,
     * so it is explored at once (untried arms come first in UCB; Thompson draws from the
     * prior; a linear model scores it from its features).
     *
     * @return a failed future with a 404 {@link Rejection} for an unknown placement
     */
    public Future<Void> add(String name, Arm arm) {
        try {
            placements.apply(name).arms().add(arm);
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        LOG.info("Placement {}: arm {} added", name, arm.id());
        return Future.succeededFuture();
    }

    /**
     * Retires an arm: it is never chosen again, also when a request lists it as a candidate.
     * A reward for an earlier decision that chose it is still joined and logged but no longer
     * trains it. Idempotent.
     *
     * @return a failed future with a 404 {@link Rejection} for an unknown placement
     */
    public Future<Void> retire(String name, String armId) {
        try {
            if (placements.apply(name).arms().retire(armId)) {
                LOG.info("Placement {}: arm {} retired", name, armId);
            }
        } catch (Rejection r) {
            return Future.failedFuture(r);
        }
        return Future.succeededFuture();
    }
}
