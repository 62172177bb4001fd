package dev.bandstand.placement;

import dev.bandstand.config.PlacementSettings;
import java.time.Duration;
import java.time.Instant;

/** The forgetting weight of a decision, as {@link dev.bandstand.policy.StatsFields} defines it. */
final class Forgetting {

    // TODO(policy): take the epoch from the policy package once its models define one
    static final Instant EPOCH = Instant.parse("2024-01-01T00:00:00Z");

    private Forgetting() {
    }

    /** {@code 2^((t - epoch) / halfLife)}, or 1 when the placement does not forget. */
    static double weight(PlacementSettings settings, Instant decidedAt) {
        Duration halfLife = settings.halfLife();
        if (halfLife == null) {
            return 1.0;
        }
        double halfLives = Duration.between(EPOCH, decidedAt).toMillis()
                / (double) halfLife.toMillis();
        return Math.pow(2, halfLives);
    }
}
