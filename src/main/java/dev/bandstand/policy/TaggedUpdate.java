package dev.bandstand.policy;

import java.util.Objects;

/**
 * An update counted under a group of an experiment or a serving mode, such as an A/B
 * variant, and possibly kept from training the model.
 *
 * <p>Every store applies it through {@link StatsFields}: the group's counters
 * ({@code x|group|e}, {@code x|group|n}, {@code x|group|s}, {@code x|group|q}) always change;
 * the inner update's fields change only when {@link #trains()} is true. A holdout variant or
 * a best-mode decision thus leaves the model exactly as it was.
 *
 * @param group counter group: an experiment variant name or a mode group such as
 *     {@code mode:best}; never contains {@code |}
 * @param trains whether the reward also teaches the model through {@link #inner()}
 * @param inner what the reward would teach the model; never a {@code TaggedUpdate}
 */
public record TaggedUpdate(String group, boolean trains, Update inner) implements Update {

    /** Checks for nulls, nesting and the field separator. */
    public TaggedUpdate {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(inner, "inner");
        if (group.isEmpty() || group.indexOf('|') >= 0) {
            throw new IllegalArgumentException("group must be non-empty without '|': " + group);
        }
        if (inner instanceof TaggedUpdate) {
            throw new IllegalArgumentException("a tagged update does not nest");
        }
    }

    @Override
    public String armId() {
        return inner.armId();
    }

    /**
     * What {@code update} teaches the model: itself, the inner update of a training tagged
     * update, or null for a tagged update that does not train.
     */
    public static Update training(Update update) {
        if (update instanceof TaggedUpdate t) {
            return t.trains() ? t.inner() : null;
        }
        return update;
    }
}
