package dev.bandstand.store;

import dev.bandstand.policy.Update;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * One chosen arm of a decision, at its position in the slate: the arm, the probability with
 * which it was chosen at this position, in (0, 1], and what its reward will teach the model.
 *
 * <p>The probability may be given as a number or as a supplier that computes it on demand
 * (Thompson sampling's exact probability costs far more than its draw, and an in-process
 * simulation never reads it); {@link #probability()} checks the range when it reads it.
 * Equality compares arm, probability and update. Immutable as far as its parts are.
 */
public final class Slot {

    private final String armId;
    private final DoubleSupplier probability;
    private final Update update;

    /**
     * A slot with its probability known.
     *
     * @throws IllegalArgumentException when {@code probability} is not in (0, 1]
     */
    public Slot(String armId, double probability, Update update) {
        this(armId, fixed(probability), update);
    }

    /**
     * A slot whose probability is computed by {@code probability} when first read; the
     * supplier must be thread-safe and return the same number every time.
     */
    public Slot(String armId, DoubleSupplier probability, Update update) {
        this.armId = Objects.requireNonNull(armId, "armId");
        this.probability = Objects.requireNonNull(probability, "probability");
        this.update = Objects.requireNonNull(update, "update");
    }

    private static DoubleSupplier fixed(double p) {
        check(p);
        return () -> p;
    }

    private static double check(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1]: " + p);
        }
        return p;
    }

    /** The chosen arm; never null. */
    public String armId() {
        return armId;
    }

    /** Probability with which the arm was chosen at this position, in (0, 1]. */
    public double probability() {
        return check(probability.getAsDouble());
    }

    /** What the arm's reward will teach the model; never null. */
    public Update update() {
        return update;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Slot s && s.armId.equals(armId) && s.update.equals(update)
                && Double.compare(s.probability(), probability()) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(armId, probability(), update);
    }

    @Override
    public String toString() {
        return "Slot[armId=" + armId + ", probability=" + probability() + ", update=" + update
                + "]";
    }
}
