package dev.bandstand.placement;

import dev.bandstand.context.Arm;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A checked request for a decision: every value already validated at the boundary (see the
 * API's request parser), so that the engine only checks what depends on the placement.
 *
 * @param placement placement name
 * @param timestamp the instant of the request
 * @param timeZone the person's time zone
 * @param device raw device, or null when the request had none
 * @param activity raw activity, or null when the request had none
 * @param features context features: {@link Double} or {@link String} values
 * @param candidates the request's candidate arms, distinct ids; empty to use the placement's
 *     fixed arms
 * @param userId the person's id, or null; kept for the decision log only
 * @param count slate size, at least 1
 * @param eventId the client's event id, or null to have one generated
 * @param rules exclusions and the per-value limit of the slate
 * @param mode {@code best}, {@code baseline}, or null for the policy (or experiment)
 * @param explain whether the answer explains each choice
 */
public record DecisionRequest(
        String placement,
        Instant timestamp,
        ZoneId timeZone,
        String device,
        String activity,
        Map<String, Object> features,
        List<Arm> candidates,
        String userId,
        int count,
        String eventId,
        SlateRules rules,
        String mode,
        boolean explain) {

    /** Checks for nulls and copies the collections. */
    public DecisionRequest {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(timeZone, "timeZone");
        features = Map.copyOf(features);
        candidates = List.copyOf(candidates);
        if (mode != null && !mode.equals("best") && !mode.equals("baseline")) {
            throw new IllegalArgumentException("mode must be best, baseline or null: " + mode);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        Objects.requireNonNull(rules, "rules");
    }

    /** A request without slate rules. */
    public DecisionRequest(String placement, Instant timestamp, ZoneId timeZone, String device,
            String activity, Map<String, Object> features, List<Arm> candidates, String userId,
            int count, String eventId) {
        this(placement, timestamp, timeZone, device, activity, features, candidates, userId,
                count, eventId, SlateRules.NONE, null, false);
    }

    /** A request with slate rules, without mode or explanation. */
    public DecisionRequest(String placement, Instant timestamp, ZoneId timeZone, String device,
            String activity, Map<String, Object> features, List<Arm> candidates, String userId,
            int count, String eventId, SlateRules rules) {
        this(placement, timestamp, timeZone, device, activity, features, candidates, userId,
                count, eventId, rules, null, false);
    }
}
