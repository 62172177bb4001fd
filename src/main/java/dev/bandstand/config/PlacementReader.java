package dev.bandstand.config;

import dev.bandstand.context.Arm;
import dev.bandstand.context.ContextFactory;
import dev.bandstand.context.Vocabulary;
import dev.bandstand.simulation.log.DsJsonWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and checks one entry of {@code placements}. */
final class PlacementReader {

    /** Placement names and arm ids: safe in URLs and statistics keys. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,127}");

    private static final Set<String> KEYS = Set.of("policy", "arms", "reward", "buckets",
            "backoffMinObservations", "maxCandidates", "maxCount", "halfLife", "features",
            "experiment");
    private static final Set<String> REWARD_KEYS = Set.of("min", "max", "wait", "default");
    private static final Set<String> FEATURE_KEYS =
            Set.of("dimensions", "armId", "context", "scale");

    private PlacementReader() {
    }

    static PlacementSettings read(String name, YamlNode node) {
        if (!ID.matcher(name).matches()) {
            throw node.fail("placement names are 1-128 of A-Z a-z 0-9 . _ ~ -, starting with a"
                    + " letter or digit");
        }
        if (!node.present()) {
            throw node.fail("missing; a placement needs at least a policy");
        }
        node.allowOnly(KEYS);

        PolicySettings policy = PolicyRules.read(node.child("policy"));
        int maxCandidates = node.child("maxCandidates").integer(Defaults.MAX_CANDIDATES, 1,
                Defaults.MAX_CANDIDATES_LIMIT);
        int maxCount = node.child("maxCount").integer(Defaults.MAX_COUNT, 1,
                Defaults.MAX_COUNT_LIMIT);
        if (maxCount > maxCandidates) {
            throw node.child("maxCount").fail("must not exceed maxCandidates (" + maxCandidates
                    + "), was " + maxCount);
        }
        List<Arm> arms = arms(node.child("arms"));
        if (arms.size() > maxCandidates) {
            throw node.child("arms").fail(arms.size() + " arms, more than maxCandidates ("
                    + maxCandidates + ")");
        }

        YamlNode reward = node.child("reward").allowOnly(REWARD_KEYS);
        double min = reward.child("min").number(Defaults.REWARD_MIN);
        double max = reward.child("max").number(Defaults.REWARD_MAX);
        if (!(min < max)) {
            throw reward.child("max").fail("must be greater than reward.min (" + min
                    + "), was " + max);
        }
        Duration wait = reward.child("wait").duration(Defaults.REWARD_WAIT);
        Double defaultReward = defaultReward(reward.child("default"), min, max);

        List<String> buckets = attributes(node.child("buckets"));
        int backoff = node.child("backoffMinObservations").integer(
                Defaults.BACKOFF_MIN_OBSERVATIONS, 0, Integer.MAX_VALUE);
        YamlNode halfLifeNode = node.child("halfLife");
        Duration halfLife = halfLifeNode.absentOrNone() ? null : halfLifeNode.duration(null);

        FeatureSettings features = features(node.child("features"));
        if (policy.linear()) {
            checkBounds(node.child("arms"), arms, features);
        }
        return new PlacementSettings(name, policy, arms, wait, defaultReward, min, max, buckets,
                backoff, maxCandidates, maxCount, halfLife, features,
                ExperimentReader.read(node.child("experiment"), arms));
    }

    private static Double defaultReward(YamlNode node, double min, double max) {
        if (node.absentOrNone()) {
            return null;
        }
        double value = node.number(Double.NaN);
        if (value < min || value > max) {
            throw node.fail("must be within the reward range [" + min + ", " + max
                    + "] or none, was " + value);
        }
        return value;
    }

    private static List<Arm> arms(YamlNode node) {
        List<Arm> arms = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (YamlNode item : node.items()) {
            YamlNode idNode = item.isText() || item.isNumber() ? item : item.child("id");
            Map<String, Object> features = Map.of();
            if (idNode != item) {
                item.allowOnly(Set.of("id", "features"));
                features = armFeatures(item.child("features"));
            }
            String id = idNode.text(null);
            if (id == null) {
                throw idNode.fail("missing; every arm needs an id");
            }
            if (!ID.matcher(id).matches()) {
                throw idNode.fail("arm ids are 1-128 of A-Z a-z 0-9 . _ ~ -, starting with a"
                        + " letter or digit, was '" + id + "'");
            }
            if (!ids.add(id)) {
                throw idNode.fail("duplicate arm id '" + id + "'");
            }
            arms.add(new Arm(id, features));
        }
        return arms;
    }

    private static Map<String, Object> armFeatures(YamlNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : node.entries().entrySet()) {
            YamlNode value = e.getValue();
            String problem = Vocabulary.featureNameProblem(e.getKey());
            if (problem != null) {
                throw value.fail("feature name '" + e.getKey() + "' " + problem);
            }
            if (!value.present()) {
                throw value.fail("must be a number, a string or a list of strings");
            }
            if (value.isNumber()) {
                out.put(e.getKey(), value.number(0));
            } else if (value.isList()) {
                List<String> tags = new ArrayList<>();
                for (String tag : value.strings(List.of())) {
                    tags.add(Vocabulary.normalise(value.key(), tag));
                }
                out.put(e.getKey(), List.copyOf(tags));
            } else {
                out.put(e.getKey(), Vocabulary.normalise(value.key(), value.text("")));
            }
            String reserved = DsJsonWriter.reservedArmFeature(e.getKey(), out.get(e.getKey()));
            if (reserved != null) {
                throw value.fail(reserved);
            }
        }
        return out;
    }

    /** Every numeric arm feature of a linear placement within its bound. */
    private static void checkBounds(YamlNode node, List<Arm> arms, FeatureSettings features) {
        for (int i = 0; i < arms.size(); i++) {
            for (Map.Entry<String, Object> e : arms.get(i).features().entrySet()) {
                if (e.getValue() instanceof Double value) {
                    String problem = features.check(e.getKey(), value);
                    if (problem != null) {
                        throw new ConfigException(node.key() + "[" + i + "].features."
                                + e.getKey(), problem);
                    }
                }
            }
        }
    }

    private static FeatureSettings features(YamlNode node) {
        node.allowOnly(FEATURE_KEYS);
        int dimensions = node.child("dimensions").integer(Defaults.DIMENSIONS, 1,
                Defaults.DIMENSIONS_LIMIT);
        boolean armId = node.child("armId").bool(Defaults.ARM_ID);
        List<String> context = attributes(node.child("context"));
        Map<String, Double> scale = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : node.child("scale").entries().entrySet()) {
            YamlNode value = e.getValue();
            String problem = Vocabulary.featureNameProblem(e.getKey());
            if (problem != null) {
                throw value.fail("feature name '" + e.getKey() + "' " + problem);
            }
            double s = value.number(Double.NaN);
            if (!(s > 0)) {
                throw value.fail("must be a number > 0, was " + value.text(""));
            }
            scale.put(e.getKey(), s);
        }
        return new FeatureSettings(dimensions, armId, context, scale);
    }

    /** Context attribute names: the built-in ones, or the name of a context feature. */
    private static List<String> attributes(YamlNode node) {
        List<String> names = node.strings(List.of());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            YamlNode item = new YamlNode(node.key() + "[" + i + "]", null);
            for (String builtIn : ContextFactory.BUILT_IN_ATTRIBUTES) {
                if (!name.equals(builtIn) && name.equalsIgnoreCase(builtIn)) {
                    throw item.fail("'" + name + "' is not a context attribute; did you mean '"
                            + builtIn + "'?");
                }
            }
            if (!ContextFactory.BUILT_IN_ATTRIBUTES.contains(name)
                    && !Vocabulary.isFeatureName(name)) {
                throw item.fail("must be one of " + String.join(", ",
                        ContextFactory.BUILT_IN_ATTRIBUTES.stream().sorted().toList())
                        + " or a context feature name, was '" + name + "'");
            }
            if (!seen.add(name)) {
                throw item.fail("'" + name + "' is listed twice");
            }
        }
        return names;
    }
}
