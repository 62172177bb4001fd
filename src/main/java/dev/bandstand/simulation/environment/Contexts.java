package dev.bandstand.simulation.environment;

import dev.bandstand.config.PartsOfDay;
import dev.bandstand.context.Context;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;

/** Builds the contexts environments hand to the bandit. */
final class Contexts {

    // TODO(integration): build through the context package's ContextFactory once it lands,
    // so that simulated contexts are normalised by exactly the service's code.
    private Contexts() {
    }

    /** A context at {@code instant} placed in {@code zone} with the default parts of day. */
    static Context at(Instant instant, ZoneId zone, String device, String activity,
            Map<String, Object> features) {
        ZonedDateTime local = instant.atZone(zone);
        int hour = local.getHour();
        DayOfWeek day = local.getDayOfWeek();
        String dayType = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY
                ? "weekend" : "weekday";
        return new Context(instant, zone, hour, PARTS.partOf(hour), dayType, day, device,
                activity, features);
    }

    private static final PartsOfDay PARTS = PartsOfDay.defaults();
}
