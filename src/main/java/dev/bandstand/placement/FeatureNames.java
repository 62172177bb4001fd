package dev.bandstand.placement;

import dev.bandstand.context.FeatureEncoder;
import java.time.Duration;
import java.time.Instant;

/**
 * The feature encoder's slot names, cached for explanations: naming a slot scans the
 * encoder's term tables, far dearer than a decision, so each slot's name is kept for
 * {@link #REFRESH} and then read again (new terms seen since then appear after that).
 * Not thread-safe: used under the placement's lock.
 */
final class FeatureNames {

    /** How long a slot's name is reused. */
    static final Duration REFRESH = Duration.ofMinutes(1);

    private final FeatureEncoder encoder;
    private final String[] names;
    private final Instant[] readAt;

    FeatureNames(FeatureEncoder encoder) {
        this.encoder = encoder;
        this.names = new String[encoder.dimensions()];
        this.readAt = new Instant[encoder.dimensions()];
    }

    /** The name of slot {@code index}, at most {@link #REFRESH} old at {@code now}. */
    String name(int index, Instant now) {
        Instant at = readAt[index];
        if (at == null || now.isAfter(at.plus(REFRESH)) || now.isBefore(at)) {
            names[index] = encoder.describe(index);
            readAt[index] = now;
        }
        return names[index];
    }
}
