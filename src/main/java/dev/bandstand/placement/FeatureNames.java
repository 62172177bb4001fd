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
    // epoch milliseconds after which a slot's name is read again; 0 = never read
    private final long[] staleAfter;

    FeatureNames(FeatureEncoder encoder) {
        this.encoder = encoder;
        this.names = new String[encoder.dimensions()];
        this.staleAfter = new long[encoder.dimensions()];
    }

    /** The name of slot {@code index}, at most {@link #REFRESH} old at {@code now}. */
    String name(int index, Instant now) {
        long millis = now.toEpochMilli();
        long stale = staleAfter[index];
        if (stale == 0 || millis > stale || millis < stale - REFRESH.toMillis()) {
            names[index] = encoder.describe(index);
            staleAfter[index] = millis + REFRESH.toMillis();
        }
        return names[index];
    }
}
