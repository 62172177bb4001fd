package dev.bandstand.context;

import java.util.Map;
import java.util.Objects;

/**
 * One candidate of a placement: an artwork of a title, a track of a playlist.
 *
 * <p>Feature values are {@link Double} (numbers), {@link String} (categories) or
 * {@code List<String>} (tags such as {@code comedy} or {@code smiling-face}); the request
 * parser and the configuration loader guarantee nothing else reaches this type.
 *
 * @param id stable identifier, unique within a placement; never null
 * @param features immutable map of feature name to value; never null, may be empty
 */
public record Arm(String id, Map<String, Object> features) {

    /** Checks the invariants and copies the features into an immutable map. */
    public Arm {
        Objects.requireNonNull(id, "id");
        features = Map.copyOf(features);
    }

    /** An arm with no features, as used by context-free tabular policies. */
    public static Arm of(String id) {
        return new Arm(id, Map.of());
    }
}
