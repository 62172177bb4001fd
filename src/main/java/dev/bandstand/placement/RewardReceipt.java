package dev.bandstand.placement;

/**
 * A reward joined with its decision and applied, exactly once.
 *
 * @param eventId the decision's event id
 * @param armId the arm the reward went to
 * @param placement the decision's placement
 */
public record RewardReceipt(String eventId, String armId, String placement) {
}
