package dev.bandstand.placement;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The answer to a decision request: what was chosen, with what probability, under which
 * event id the reward is expected.
 *
 * @param eventId the id a reward must name
 * @param choices the chosen arms in slate order
 * @param modelVersion version of the local model the choice was made from
 * @param explored true when a chosen arm is not among the arms with the highest estimated
 *     mean (for a slate of k, the k highest)
 * @param variant the experiment variant that served it, or null
 * @param mode the request's mode ({@code best} or {@code baseline}), or null
 * @param explanations one per choice, in slate order, when asked for; else empty
 * @param recorded false when the store could not keep the decision (its shared backend
 *     unreachable and its buffer for decisions full): the choice stands, but the decision
 *     counts nowhere and a reward for it is an unknown event
 */
public record Decision(String eventId, List<Choice> choices, long modelVersion, boolean explored,
        String variant, String mode, List<Explanation> explanations, boolean recorded) {

    /** Checks for nulls and copies the choices. */
    public Decision {
        Objects.requireNonNull(eventId, "eventId");
        choices = List.copyOf(choices);
        explanations = List.copyOf(explanations);
    }

    /** A recorded decision of the placement's policy: no variant, mode or explanations. */
    public Decision(String eventId, List<Choice> choices, long modelVersion, boolean explored) {
        this(eventId, choices, modelVersion, explored, null, null, List.of(), true);
    }

    /**
     * One chosen arm: the arm and the probability of choosing it at its position, given the
     * arms chosen before it, in (0, 1]. The probability may be computed only when first read
     * (see {@code dev.bandstand.store.Slot}); immutable.
     */
    public static final class Choice {

        private final String armId;
        private final DoubleSupplier probability;

        /** A choice with its probability known. */
        public Choice(String armId, double probability) {
            this(armId, () -> probability);
        }

        /** A choice whose probability {@code probability} computes when first read. */
        public Choice(String armId, DoubleSupplier probability) {
            this.armId = Objects.requireNonNull(armId, "armId");
            this.probability = Objects.requireNonNull(probability, "probability");
        }

        /** The chosen arm; never null. */
        public String armId() {
            return armId;
        }

        /** Probability of the choice at its position, in (0, 1]. */
        public double probability() {
            return probability.getAsDouble();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Choice c && c.armId.equals(armId)
                    && Double.compare(c.probability(), probability()) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(armId, probability());
        }

        @Override
        public String toString() {
            return "Choice[armId=" + armId + ", probability=" + probability() + "]";
        }
    }
}
