package dev.bandstand.simulation.environment;

import dev.bandstand.config.PartsOfDay;
import dev.bandstand.context.Context;
import dev.bandstand.context.ContextFactory;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/**
 * Builds the contexts environments hand to the bandit, through the service's own
 * {@link ContextFactory} with the default parts of day, so that simulated contexts are
 * normalised exactly as requests are.
 */
final class Contexts {

    private static final ContextFactory FACTORY = new ContextFactory(PartsOfDay.defaults());

    private Contexts() {
    }

    /** A context at {@code instant} placed in {@code zone}. */
    static Context at(Instant instant, ZoneId zone, String device, String activity,
            Map<String, Object> features) {
        return FACTORY.create(instant, zone, device, activity, features);
    }
}
