package dev.bandstand.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Named parts of the day by their starting local hour, such as night at 0, morning at 6,
 * afternoon at 12, evening at 18. The part that starts last also covers the hours before the
 * first start (it wraps past midnight).
 *
 * @param starts local start hour (0..23) to part name; at least one entry, distinct hours
 */
public record PartsOfDay(TreeMap<Integer, String> starts) {

    /** The default: night 0-6, morning 6-12, afternoon 12-18, evening 18-24. */
    public static PartsOfDay defaults() {
        return new PartsOfDay(new TreeMap<>(
                Map.of(0, "night", 6, "morning", 12, "afternoon", 18, "evening")));
    }

    /** Copies the map and checks hours. */
    public PartsOfDay {
        starts = new TreeMap<>(starts);
        if (starts.isEmpty()) {
            throw new IllegalArgumentException("at least one part of day is needed");
        }
        for (int hour : starts.keySet()) {
            if (hour < 0 || hour > 23) {
                throw new IllegalArgumentException("start hour must be 0..23: " + hour);
            }
        }
    }

    /** The part of day a local hour (0..23) falls in. */
    public String partOf(int localHour) {
        Map.Entry<Integer, String> e = starts.floorEntry(localHour);
        return e != null ? e.getValue() : starts.lastEntry().getValue();
    }
}
