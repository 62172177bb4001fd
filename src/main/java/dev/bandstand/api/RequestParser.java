package dev.bandstand.api;

import dev.bandstand.context.ContextFactory;
import static dev.bandstand.api.JsonFields.checkId;
import static dev.bandstand.api.JsonFields.id;
import static dev.bandstand.api.JsonFields.index;
import static dev.bandstand.api.JsonFields.integer;
import static dev.bandstand.api.JsonFields.join;
import static dev.bandstand.api.JsonFields.number;
import static dev.bandstand.api.JsonFields.object;
import static dev.bandstand.api.JsonFields.onlyKnown;
import static dev.bandstand.api.JsonFields.optional;
import static dev.bandstand.api.JsonFields.required;
import static dev.bandstand.api.JsonFields.string;
import static dev.bandstand.api.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Vocabulary;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.Rejection;
import dev.bandstand.placement.RewardRequest;
import dev.bandstand.placement.SlateRules;
import dev.bandstand.simulation.log.DsJsonWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns request bodies into checked requests, or a 400 {@link Rejection} naming the JSON
 * path of the first thing wrong. What depends on the placement (its candidate and slate
 * limits, its reward range) is checked by the engine. Thread-safe.
 */
final class RequestParser {

    /** Most features one context or one candidate may carry. */
    static final int MAX_FEATURES = 100;

    /** Most tags one candidate feature may list. */
    static final int MAX_TAGS = 64;

    /**
     * Upper bound on candidates before the placement's own limit is known, so that a huge
     * array is refused before its elements are read.
     */
    static final int MAX_CANDIDATES = 10_000;

    private static final Set<String> DECISION_FIELDS =
            Set.of("context", "candidates", "userId", "count", "eventId", "excludedArmIds",
                    "maxPerValue", "mode", "explain");
    private static final Set<String> CONTEXT_FIELDS =
            Set.of("timestamp", "timeZone", "device", "activity", "features");
    private static final Set<String> CANDIDATE_FIELDS = Set.of("id", "features");
    private static final Set<String> REWARD_FIELDS = Set.of("eventId", "value", "armId");

    private final JsonFields json = new JsonFields();

    /** A decision request for {@code placement} from its body. */
    DecisionRequest decision(String placement, byte[] body) {
        ObjectNode root = json.parse(body);
        onlyKnown(root, "", DECISION_FIELDS);

        ObjectNode context = object(required(root, "", "context"), "context");
        onlyKnown(context, "context", CONTEXT_FIELDS);
        Instant timestamp = timestamp(required(context, "context", "timestamp"));
        ZoneId zone = zone(required(context, "context", "timeZone"));
        String device = optionalText(context, "context", "device");
        String activity = optionalText(context, "context", "activity");
        Map<String, Object> features = features(
                optional(context, "features"), "context.features", false);
        features.keySet().forEach(RequestParser::checkContextFeatureName);

        JsonNode candidatesNode = optional(root, "candidates");
        List<Arm> candidates = candidatesNode == null ? List.of() : candidates(candidatesNode);
        JsonNode userNode = optional(root, "userId");
        String userId = userNode == null ? null : id(userNode, "userId");
        JsonNode countNode = optional(root, "count");
        int count = countNode == null ? 1 : integer(countNode, "count", 1, Integer.MAX_VALUE);
        JsonNode eventNode = optional(root, "eventId");
        String eventId = eventNode == null ? null : id(eventNode, "eventId");
        if (eventId != null && eventId.indexOf('/') >= 0) {
            // the decision log names slate slots <eventId>/k, so "a/1" could be a slot of "a"
            throw Rejection.badRequest("INVALID_ID", "eventId",
                    "eventId must not contain '/': slate slots are logged as <eventId>/<slot>");
        }

        String mode = mode(optional(root, "mode"));
        JsonNode explainNode = optional(root, "explain");
        if (explainNode != null && !explainNode.isBoolean()) {
            throw Rejection.badRequest("WRONG_TYPE", "explain", "explain must be true or false");
        }
        boolean explain = explainNode != null && explainNode.booleanValue();

        return new DecisionRequest(placement, timestamp, zone, device, activity, features,
                candidates, userId, count, eventId, rules(root), mode, explain);
    }

    /** {@code excludedArmIds: [id, ...]} and {@code maxPerValue: {feature, max}}. */
    private static SlateRules rules(ObjectNode root) {
        JsonNode excludedNode = optional(root, "excludedArmIds");
        JsonNode limitNode = optional(root, "maxPerValue");
        if (excludedNode == null && limitNode == null) {
            return SlateRules.NONE;
        }
        Set<String> excluded = new HashSet<>();
        if (excludedNode != null) {
            if (!excludedNode.isArray()) {
                throw Rejection.badRequest("WRONG_TYPE", "excludedArmIds",
                        "excludedArmIds must be an array of arm ids");
            }
            if (excludedNode.size() > MAX_CANDIDATES) {
                throw Rejection.badRequest("OUT_OF_RANGE", "excludedArmIds",
                        "at most " + MAX_CANDIDATES + " excluded arms, got "
                                + excludedNode.size());
            }
            for (int i = 0; i < excludedNode.size(); i++) {
                excluded.add(id(excludedNode.get(i), index("excludedArmIds", i)));
            }
        }
        if (limitNode == null) {
            return new SlateRules(excluded, null, Integer.MAX_VALUE);
        }
        ObjectNode limit = object(limitNode, "maxPerValue");
        onlyKnown(limit, "maxPerValue", Set.of("feature", "max"));
        String feature = id(required(limit, "maxPerValue", "feature"), "maxPerValue.feature");
        int max = integer(required(limit, "maxPerValue", "max"), "maxPerValue.max", 1,
                Integer.MAX_VALUE);
        return new SlateRules(excluded, feature, max);
    }

    /**
     * The arm of {@code PUT /v1/placements/{p}/arms/{armId}}:
     * {@code {"features": {...}, "prior": {"mean": m, "weight": w}}}, both optional, or an
     * empty body for an arm without features or prior.
     */
    AddedArm arm(String armId, byte[] body) {
        String id = checkId(armId, "armId");
        if (body.length == 0) {
            return new AddedArm(Arm.of(id), null, null);
        }
        ObjectNode root = json.parse(body);
        onlyKnown(root, "", Set.of("features", "prior"));
        Arm arm = new Arm(id, features(optional(root, "features"), "features", true));
        JsonNode priorNode = optional(root, "prior");
        if (priorNode == null) {
            return new AddedArm(arm, null, null);
        }
        ObjectNode prior = object(priorNode, "prior");
        onlyKnown(prior, "prior", Set.of("mean", "weight"));
        return new AddedArm(arm, number(required(prior, "prior", "mean"), "prior.mean"),
                number(required(prior, "prior", "weight"), "prior.weight"));
    }

    /**
     * An arm to add, with its prior on the placement's reward scale (both null for none).
     */
    record AddedArm(Arm arm, Double priorMean, Double priorWeight) {
    }

    /** A reward request from its body. */
    RewardRequest reward(byte[] body) {
        ObjectNode root = json.parse(body);
        onlyKnown(root, "", REWARD_FIELDS);

        String eventId = id(required(root, "", "eventId"), "eventId");
        double value = number(required(root, "", "value"), "value");
        JsonNode armNode = optional(root, "armId");
        String armId = armNode == null ? null : id(armNode, "armId");
        return new RewardRequest(eventId, armId, value);
    }

    private static Instant timestamp(JsonNode node) {
        String path = "context.timestamp";
        String s = string(node, path);
        try {
            return ContextFactory.parseTimestamp(s);
        } catch (IllegalArgumentException e) {
            throw Rejection.badRequest("INVALID_TIMESTAMP", path, e.getMessage());
        }
    }

    private static ZoneId zone(JsonNode node) {
        String path = "context.timeZone";
        String s = string(node, path);
        try {
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            throw Rejection.badRequest("UNKNOWN_TIME_ZONE", path, path
                    + " must be an IANA time zone id such as Europe/Paris");
        }
    }

    /** The decision mode: null for {@code policy} (the default), else best or baseline. */
    private static String mode(JsonNode node) {
        if (node == null) {
            return null;
        }
        String mode = string(node, "mode");
        return switch (mode) {
            case "policy" -> null;
            case "best", "baseline" -> mode;
            default -> throw Rejection.badRequest("INVALID_VALUE", "mode",
                    "mode must be policy, best or baseline, was '" + mode + "'");
        };
    }

    /** Context feature names follow the stricter rule of {@link Vocabulary#isFeatureName}. */
    private static void checkContextFeatureName(String name) {
        String problem = Vocabulary.featureNameProblem(name);
        if (problem != null) {
            String path = join("context.features", name);
            throw Rejection.badRequest("INVALID_VALUE", path, "context feature name '" + name
                    + "' " + problem);
        }
    }

    private static String optionalText(ObjectNode parent, String path, String name) {
        JsonNode node = optional(parent, name);
        return node == null ? null : text(node, join(path, name));
    }

    private static List<Arm> candidates(JsonNode node) {
        if (!node.isArray()) {
            throw Rejection.badRequest("WRONG_TYPE", "candidates", "candidates must be an array");
        }
        if (node.isEmpty()) {
            throw Rejection.badRequest("NO_CANDIDATES", "candidates",
                    "candidates must not be empty; leave it out to use the placement's arms");
        }
        if (node.size() > MAX_CANDIDATES) {
            throw Rejection.badRequest("TOO_MANY_CANDIDATES", "candidates",
                    "at most " + MAX_CANDIDATES + " candidates, got " + node.size());
        }
        List<Arm> arms = new ArrayList<>(node.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = index("candidates", i);
            ObjectNode c = object(node.get(i), path);
            onlyKnown(c, path, CANDIDATE_FIELDS);
            String armId = id(required(c, path, "id"), join(path, "id"));
            if (!seen.add(armId)) {
                throw Rejection.badRequest("DUPLICATE_CANDIDATE", join(path, "id"),
                        "candidate id appears twice: " + armId);
            }
            arms.add(new Arm(armId, features(
                    optional(c, "features"), join(path, "features"), true)));
        }
        return arms;
    }

    /**
     * Feature name to Double or String, and to a list of tags where {@code tags} allows: the
     * features of an arm, which must not use a name the decision log reserves
     * ({@link DsJsonWriter#reservedArmFeature}), whether the log is on or not.
     */
    private static Map<String, Object> features(JsonNode node, String path, boolean tags) {
        if (node == null) {
            return Map.of();
        }
        ObjectNode object = object(node, path);
        if (object.size() > MAX_FEATURES) {
            throw Rejection.badRequest("TOO_MANY_FEATURES", path,
                    "at most " + MAX_FEATURES + " features, got " + object.size());
        }
        Map<String, Object> features = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            String name = e.getKey();
            String at = join(path, name);
            checkId(name, at);
            JsonNode value = e.getValue();
            if (value.isNumber()) {
                features.put(name, number(value, at));
            } else if (value.isTextual()) {
                features.put(name, text(value, at));
            } else if (tags && value.isArray()) {
                features.put(name, tagList(value, at));
            } else {
                throw Rejection.badRequest("WRONG_TYPE", at, at + " must be a number or a string"
                        + (tags ? " or an array of strings" : ""));
            }
            String reserved = tags ? DsJsonWriter.reservedArmFeature(name, features.get(name))
                    : null;
            if (reserved != null) {
                throw Rejection.badRequest("INVALID_VALUE", at, at + ": " + reserved);
            }
        }
        return features;
    }

    private static List<String> tagList(JsonNode array, String path) {
        if (array.size() > MAX_TAGS) {
            throw Rejection.badRequest("TOO_MANY_FEATURES", path,
                    "at most " + MAX_TAGS + " tags, got " + array.size());
        }
        List<String> tags = new ArrayList<>(array.size());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String tag = id(array.get(i), index(path, i));
            if (seen.add(tag)) {
                tags.add(tag);
            }
        }
        return tags;
    }
}
