package dev.bandstand.placement;

import java.util.List;
import java.util.Objects;

/**
 * The answer to a decision request: what was chosen, with what probability, under which
 * event id the reward is expected.
 *
 * @param eventId the id a reward must name
 * @param choices the chosen arms in slate order
 * @param modelVersion version of the local model the choice was made from
 * @param explored true when a chosen arm is not among the arms with the highest estimated
 *     mean (for a slate of k, the k highest)
 */
public record Decision(String eventId, List<Choice> choices, long modelVersion, boolean explored) {

    /** Checks for nulls and copies the choices. */
    public Decision {
        Objects.requireNonNull(eventId, "eventId");
        choices = List.copyOf(choices);
    }

    /**
     * One chosen arm.
     *
     * @param armId the arm
     * @param probability probability of choosing it at its position, given the arms chosen
     *     before it, in (0, 1]
     */
    public record Choice(String armId, double probability) {
    }
}
