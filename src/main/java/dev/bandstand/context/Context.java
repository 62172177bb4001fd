package dev.bandstand.context;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * The situation a decision is made in, with its time already placed in the person's own
 * time zone.
 *
 * <p>All string values are normalised (lower case, trimmed, inner spaces as {@code -}); an
 * unknown device or activity is kept as its own value. Instances are immutable and safe to
 * share between threads.
 *
 * @param timestamp the instant of the request
 * @param timeZone the person's IANA zone, whose rules (DST included) produced the fields below
 * @param localHour hour of day 0..23 in {@code timeZone}
 * @param partOfDay named part of day, such as {@code morning}, from the configured boundaries
 * @param dayType {@code weekday} or {@code weekend}
 * @param dayOfWeek local day of week
 * @param device normalised device, {@code unknown} when the request had none
 * @param activity normalised activity, {@code unknown} when the request had none
 * @param features further context features: {@link Double} or normalised {@link String}
 */
public record Context(
        Instant timestamp,
        ZoneId timeZone,
        int localHour,
        String partOfDay,
        String dayType,
        DayOfWeek dayOfWeek,
        String device,
        String activity,
        Map<String, Object> features) {

    /** Checks for nulls and copies the features into an immutable map. */
    public Context {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timeZone, "timeZone");
        Objects.requireNonNull(partOfDay, "partOfDay");
        Objects.requireNonNull(dayType, "dayType");
        Objects.requireNonNull(dayOfWeek, "dayOfWeek");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(activity, "activity");
        features = Map.copyOf(features);
    }

    /**
     * The value of a bucketing attribute, as used to key tabular statistics.
     *
     * @param name {@code partOfDay}, {@code dayType}, {@code dayOfWeek}, {@code hour},
     *     {@code device}, {@code activity}, or the name of a context feature
     * @return the normalised value; {@code none} when a named feature is absent
     */
    public String attribute(String name) {
        switch (name) {
            case "partOfDay":
                return partOfDay;
            case "dayType":
                return dayType;
            case "dayOfWeek":
                return dayOfWeek.name().toLowerCase(java.util.Locale.ROOT);
            case "hour":
                return Integer.toString(localHour);
            case "device":
                return device;
            case "activity":
                return activity;
            default:
                Object value = features.get(name);
                return value == null ? "none" : value.toString();
        }
    }
}
