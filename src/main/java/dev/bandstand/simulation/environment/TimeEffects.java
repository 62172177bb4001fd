package dev.bandstand.simulation.environment;

import java.util.Map;

/**
 * The known time-of-day effect on the log-odds of a click on an artwork of a genre, by local
 * hour. Invented for the simulation (documented in simulations/README.md), not measured.
 */
final class TimeEffects {

    private static final Map<String, Double> NIGHT = Map.of(
            "Horror", 0.6, "Thriller", 0.4, "Mystery", 0.3, "Film-Noir", 0.3,
            "Sci-Fi", 0.2, "Children", -0.6, "Animation", -0.4);
    private static final Map<String, Double> MORNING = Map.of(
            "Children", 0.5, "Animation", 0.4, "Documentary", 0.3, "Comedy", 0.2,
            "Horror", -0.5, "Thriller", -0.2);
    private static final Map<String, Double> AFTERNOON = Map.of(
            "Adventure", 0.3, "Action", 0.2, "Children", 0.2);
    private static final Map<String, Double> EVENING = Map.of(
            "Romance", 0.4, "Drama", 0.3, "Crime", 0.2);

    private TimeEffects() {
    }

    /**
     * Log-odds shift for {@code genre} at local {@code hour}: night 0-5, morning 6-11,
     * afternoon 12-17, evening 18-23 (the default parts of day).
     */
    static double of(String genre, int hour) {
        Map<String, Double> part = hour < 6 ? NIGHT : hour < 12 ? MORNING
                : hour < 18 ? AFTERNOON : EVENING;
        return part.getOrDefault(genre, 0.0);
    }
}
