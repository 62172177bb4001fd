package dev.bandstand.context;

import dev.bandstand.config.PartsOfDay;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Builds a {@link Context} from the raw values of a request: the instant, the person's time
 * zone, and optional device, activity and features.
 *
 * <p>Time buckets (local hour, part of day, weekday or weekend, day of week) are computed in
 * the request's zone with that zone's rules, daylight-saving days included, and never depend
 * on the JVM's default zone. Saturday and Sunday count as the weekend everywhere.
 *
 * <p>Strings are normalised as {@link Vocabulary} describes. Bad values raise
 * {@link IllegalArgumentException} whose message starts with the field, such as
 * {@code context.timestamp}, {@code context.timeZone} or {@code context.features.age}, and
 * says why. Immutable and thread-safe.
 *
 * <p>Limitations: the weekend is fixed to Saturday and Sunday; zone rules are those of the
 * JVM's time-zone database.
 */
public final class ContextFactory {

    /** Earliest accepted timestamp: 1900-01-01T00:00:00Z. */
    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    /** First timestamp no longer accepted: 2200-01-01T00:00:00Z. */
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** Most context features one request may carry. */
    public static final int MAX_FEATURES = 64;

    /** Names {@link Context#attribute} resolves itself, so a feature may not take them. */
    public static final Set<String> BUILT_IN_ATTRIBUTES =
            Set.of("partOfDay", "dayType", "dayOfWeek", "hour", "device", "activity");

    private static final int MAX_ECHO = 64;
    private static final Map<String, String> ZONES_BY_LOWER_CASE = zonesByLowerCase();

    // the part of day of each local hour, looked up once
    private final String[] partOfHour = new String[24];

    /**
     * A factory that names parts of the day with {@code partsOfDay}.
     *
     * @param partsOfDay the configured parts of the day; not null
     */
    public ContextFactory(PartsOfDay partsOfDay) {
        Objects.requireNonNull(partsOfDay, "partsOfDay");
        for (int hour = 0; hour < partOfHour.length; hour++) {
            partOfHour[hour] = partsOfDay.partOf(hour);
        }
    }

    /**
     * The context of a request given as text.
     *
     * @param timestamp ISO-8601 date-time with {@code Z} or an offset, such as
     *     {@code 2026-03-08T06:30:00Z} or {@code 2026-03-08T01:30:00-05:00}
     * @param timeZone IANA zone id, such as {@code America/New_York}; matched case-insensitively
     * @param device device as sent, or null
     * @param activity activity as sent, or null
     * @param features feature name to a number, string or boolean; null or empty for none; a
     *     null value counts as absent
     * @throws IllegalArgumentException naming the field if a value is missing or invalid
     */
    public Context create(String timestamp, String timeZone, String device, String activity,
            Map<String, ?> features) {
        return create(parseTimestamp(timestamp), parseZone(timeZone), device, activity, features);
    }

    /**
     * The context at an instant already parsed, such as the server's clock when a request
     * gave no timestamp.
     *
     * @throws IllegalArgumentException naming the field if a value is invalid
     * @throws NullPointerException if {@code timestamp} or {@code zone} is null
     */
    public Context create(Instant timestamp, ZoneId zone, String device, String activity,
            Map<String, ?> features) {
        Objects.requireNonNull(timestamp, "timestamp");
        checkRange(timestamp);
        Objects.requireNonNull(zone, "zone");

        // what atZone(zone) gives, without the rules a fixed offset would build on every call
        ZoneOffset offset = zone instanceof ZoneOffset fixed ? fixed
                : zone.getRules().getOffset(timestamp);
        LocalDateTime local = LocalDateTime.ofEpochSecond(timestamp.getEpochSecond(),
                timestamp.getNano(), offset);
        int hour = local.getHour();
        DayOfWeek day = local.getDayOfWeek();
        String dayType = day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY
                ? "weekend" : "weekday";

        return new Context(timestamp, zone, hour, partOfHour[hour], dayType, day,
                Vocabulary.device(device), Vocabulary.activity(activity),
                normaliseFeatures(features));
    }

    /**
     * Parses an ISO-8601 instant that carries {@code Z} or an offset.
     *
     * @throws IllegalArgumentException naming {@code context.timestamp}
     */
    public static Instant parseTimestamp(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("context.timestamp: missing");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(text.strip(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("context.timestamp: not an ISO-8601 date-time"
                    + " with Z or an offset, such as 2026-03-08T06:30:00Z: '" + echo(text) + "'");
        }
        return checkRange(t);
    }

    /**
     * Refuses instants outside [{@link #EARLIEST}, {@link #LATEST}): far beyond them local
     * dates overflow in some zones, and no real context lives there.
     *
     * @throws IllegalArgumentException naming {@code context.timestamp}
     */
    static Instant checkRange(Instant t) {
        if (t.isBefore(EARLIEST) || !t.isBefore(LATEST)) {
            throw new IllegalArgumentException("context.timestamp: must lie between " + EARLIEST
                    + " and " + LATEST + ", was " + t);
        }
        return t;
    }

    /**
     * Parses an IANA zone id, case-insensitively; fixed offsets such as {@code +05:30} are
     * accepted too, but have no daylight-saving rules.
     *
     * @throws IllegalArgumentException naming {@code context.timeZone}
     */
    public static ZoneId parseZone(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("context.timeZone: missing");
        }
        String id = text.strip();
        String canonical = ZONES_BY_LOWER_CASE.get(id.toLowerCase(Locale.ROOT));
        try {
            return ZoneId.of(canonical != null ? canonical : id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("context.timeZone: not a known IANA time zone,"
                    + " such as Europe/London: '" + echo(text) + "'");
        }
    }

    private static Map<String, Object> normaliseFeatures(Map<String, ?> raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        if (raw.size() > MAX_FEATURES) {
            throw new IllegalArgumentException("context.features: more than " + MAX_FEATURES
                    + " features");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, ?> e : raw.entrySet()) {
            String name = e.getKey();
            String problem = Vocabulary.featureNameProblem(name);
            if (problem != null) {
                throw new IllegalArgumentException("context.features: feature name '"
                        + echo(String.valueOf(name)) + "' " + problem);
            }
            if (BUILT_IN_ATTRIBUTES.contains(name)) {
                throw new IllegalArgumentException("context.features." + name
                        + ": reserved name, it is a built-in context attribute");
            }
            Object value = featureValue("context.features." + name, e.getValue());
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static Object featureValue(String field, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number) {
            double number = ((Number) value).doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException(field + ": must be a finite number, was "
                        + number);
            }
            return number;
        }
        if (value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof String) {
            return Vocabulary.normalise(field, (String) value);
        }
        throw new IllegalArgumentException(field + ": must be a number, a string or a boolean");
    }

    private static String echo(String text) {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }

    private static Map<String, String> zonesByLowerCase() {
        Map<String, String> zones = new HashMap<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
            zones.put(id.toLowerCase(Locale.ROOT), id);
        }
        return Map.copyOf(zones);
    }
}
