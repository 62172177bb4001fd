package dev.bandstand.simulation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.bandstand.config.ConfigException;
import dev.bandstand.config.ConfigLoader;
import dev.bandstand.config.PlacementSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads scenario files (YAML, described in {@code simulations/README.md}) into checked
 * {@link Scenario}s. Each policy's placement is the file's {@code placement} block with the
 * policy's own keys laid over it, in the placement format of {@code conf/bandstand.yaml};
 * the reward wait defaults to {@link #DEFAULT_REWARD_WAIT}.
 */
public final class ScenarioLoader {

    /** Reward wait of simulated placements: long enough that no reward arrives too late. */
    public static final Duration DEFAULT_REWARD_WAIT = Duration.ofDays(30);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Set<String> TOP_KEYS = Set.of("name", "description", "environment",
            "seed", "replicates", "placement", "policies", "checks", "gain");

    private static final Set<String> CHECK_KEYS = Set.of("policy", "metric", "min", "max");

    private static final Set<String> GAIN_KEYS = Set.of("policy", "over");

    // Keys each environment type reads besides "type"; anything else is a typo.
    private static final Map<String, Set<String>> ENVIRONMENT_KEYS = Map.of(
            "movielens-artwork", Set.of("data", "baseLogit", "affinityWeight", "kappa", "zone",
                    "maxEvents", "minArtworks"),
            "playlist-context", Set.of("data", "rounds", "candidates", "slateSize"),
            "synthetic", Set.of("problem", "rounds", "arms", "rates", "changeAt", "newArmRate",
                    "secondsPerRound", "maxDelay", "truthSeed"),
            ObdOpeScenario.TYPE, Set.of("data", "campaigns", "bootstrap", "draws", "model",
                    "lambda"));

    private ScenarioLoader() {
    }

    /**
     * Reads and checks a scenario file.
     *
     * @throws NoSuchFileException when there is no such file
     */
    public static Scenario load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        return parse(Files.readString(file), file.toString());
    }

    /**
     * Reads and checks a scenario from YAML text; {@code source} names it in messages.
     *
     * @throws IllegalArgumentException for a YAML syntax error, an unknown key or a bad value,
     *     with {@code source} in the message
     */
    public static Scenario parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(source + ": not valid YAML"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr()) + ": " + e.getOriginalMessage().strip(), e);
        }
        return parse(root, source);
    }

    private static Scenario parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a scenario is a YAML mapping");
        }
        allowOnly(root, TOP_KEYS, "", source);
        String name = text(root, "name", null);
        JsonNode env = root.path("environment");
        if (!env.isObject() || !env.hasNonNull("type")) {
            throw new IllegalArgumentException(source + ": environment.type is required");
        }
        Set<String> envKeys = ENVIRONMENT_KEYS.get(env.get("type").asText());
        if (envKeys != null) {
            Set<String> withType = new HashSet<>(envKeys);
            withType.add("type");
            allowOnly(env, withType, "environment.", source);
        }
        Map<String, Object> params = new LinkedHashMap<>();
        env.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("type")) {
                params.put(e.getKey(), YAML.convertValue(e.getValue(), Object.class));
            }
        });

        JsonNode base = root.path("placement");
        List<Scenario.PolicySpec> policies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode p : root.path("policies")) {
            String policyName = text(p, "name", null);
            if (!names.add(policyName)) {
                throw new IllegalArgumentException(source + ": policy names must be unique: "
                        + policyName);
            }
            try {
                policies.add(new Scenario.PolicySpec(policyName,
                        placement(name + "-" + policyName, base, p)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
            }
        }

        List<Scenario.Check> checks = new ArrayList<>();
        for (JsonNode c : root.path("checks")) {
            allowOnly(c, CHECK_KEYS, "checks[].", source);
            String policy = text(c, "policy", null);
            if (!names.contains(policy)) {
                throw new IllegalArgumentException(source + ": check names unknown policy: "
                        + policy);
            }
            checks.add(new Scenario.Check(policy, text(c, "metric", null),
                    c.path("min").asDouble(Double.NaN), c.path("max").asDouble(Double.NaN)));
        }
        Scenario.Gain gain = null;
        if (root.hasNonNull("gain")) {
            allowOnly(root.get("gain"), GAIN_KEYS, "gain.", source);
            gain = new Scenario.Gain(text(root.get("gain"), "policy", null),
                    text(root.get("gain"), "over", null));
            if (!names.contains(gain.policy()) || !names.contains(gain.over())) {
                throw new IllegalArgumentException(source + ": gain names unknown policies: "
                        + gain);
            }
        }
        return new Scenario(name, text(root, "description", ""), env.get("type").asText(),
                params, root.path("seed").asLong(1), root.path("replicates").asInt(1),
                policies, checks, gain);
    }

    /**
     * The policy's placement: the file's {@code placement} block with the policy's own keys
     * laid over it, read by the service's own configuration loader, so that a scenario
     * accepts exactly the keys and values of {@code conf/bandstand.yaml}.
     */
    private static PlacementSettings placement(String name, JsonNode base, JsonNode policy) {
        ObjectNode merged = base.isObject() ? ((ObjectNode) base).deepCopy()
                : YAML.createObjectNode();
        policy.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("name")) {
                merged.set(e.getKey(), e.getValue());
            }
        });
        ObjectNode reward = merged.has("reward") && merged.get("reward").isObject()
                ? (ObjectNode) merged.get("reward") : merged.putObject("reward");
        if (!reward.has("wait")) {
            reward.put("wait", DEFAULT_REWARD_WAIT.toDays() + "d");
        }
        ObjectNode root = YAML.createObjectNode();
        root.putObject("placements").set(name, merged);
        try {
            return ConfigLoader.parse(YAML.writeValueAsString(root)).placement(name);
        } catch (ConfigException e) {
            throw new IllegalArgumentException("policy " + text(policy, "name", "?") + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses a key outside {@code allowed}, naming it with {@code prefix} and the file. */
    private static void allowOnly(JsonNode node, Set<String> allowed, String prefix,
            String source) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(source + ": unknown key " + prefix + k
                        + "; known: " + new TreeSet<>(allowed));
            }
        });
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (fallback == null) {
                throw new IllegalArgumentException(field + " is required");
            }
            return fallback;
        }
        return v.asText();
    }
}
