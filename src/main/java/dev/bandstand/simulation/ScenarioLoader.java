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
import dev.bandstand.placement.Placements;
import dev.bandstand.policy.Forgetting;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.environment.Parameters;
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

    /** Most replicates a scenario (or {@code --replicates}) may ask for. */
    public static final int MAX_REPLICATES = 1000;

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
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** Reads a scenario; every message names the key, the caller adds the file. */
    private static Scenario parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a scenario is a YAML mapping");
        }
        allowOnly(root, TOP_KEYS, "");
        Parameters top = new Parameters(values(root), "");
        String name = top.text("name", null);
        JsonNode env = root.path("environment");
        if (!env.isObject() || !env.hasNonNull("type")) {
            throw new IllegalArgumentException("environment.type is required");
        }
        String type = env.get("type").asText();
        Set<String> envKeys = ENVIRONMENT_KEYS.get(type);
        if (envKeys == null) {
            throw new IllegalArgumentException("environment.type must be one of "
                    + String.join(", ", new TreeSet<>(ENVIRONMENT_KEYS.keySet())) + "; was "
                    + type);
        }
        Set<String> withType = new HashSet<>(envKeys);
        withType.add("type");
        allowOnly(env, withType, "environment.");
        Map<String, Object> params = values(env);
        params.remove("type");
        if (type.equals(ObdOpeScenario.TYPE)) {
            ObdOpeScenario.check(params);
        } else {
            Environments.check(type, params);
        }

        List<Scenario.PolicySpec> policies = policies(name, root);
        if (!type.equals(ObdOpeScenario.TYPE)) {
            checkHalfLives(policies, Environments.span(type, params));
        }
        Set<String> names = new HashSet<>();
        policies.forEach(p -> names.add(p.name()));
        List<Scenario.Check> checks = checks(root.path("checks"), names,
                type.equals(ObdOpeScenario.TYPE) ? ObdOpeScenario.metrics(params)
                        : PolicySummary.metricNames(Environments.baselines(type)));
        Scenario.Gain gain = null;
        if (root.hasNonNull("gain")) {
            allowOnly(root.get("gain"), GAIN_KEYS, "gain.");
            Parameters g = new Parameters(values(root.get("gain")), "gain.");
            gain = new Scenario.Gain(g.text("policy", null), g.text("over", null));
            for (String key : List.of("policy", "over")) {
                String policy = g.text(key, null);
                if (!names.contains(policy)) {
                    throw new IllegalArgumentException("gain." + key + " names unknown policy "
                            + policy + "; known: " + new TreeSet<>(names));
                }
            }
        }
        return new Scenario(name, top.text("description", ""), type, params,
                top.whole("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE),
                top.integer("replicates", 1, 1, MAX_REPLICATES), policies, checks, gain);
    }

    /**
     * Refuses a half-life that a run of {@code span} (null: not known before the data is read)
     * would outgrow: forgetting weights may span at most {@link Forgetting#MAX_HALF_LIVES}
     * half-lives from the run's first day, and a run that reaches that fails where it is.
     */
    private static void checkHalfLives(List<Scenario.PolicySpec> policies, Duration span) {
        if (span == null) {
            return;
        }
        // the epoch is the start of the first round's day; synthetic runs start at midnight
        double seconds = span.toSeconds() + Duration.ofDays(1).toSeconds();
        for (int i = 0; i < policies.size(); i++) {
            Duration h = policies.get(i).placement().halfLife();
            if (h != null && !h.isZero() && seconds / h.toSeconds() > Forgetting.MAX_HALF_LIVES) {
                long hours = (long) Math.ceil(seconds / Forgetting.MAX_HALF_LIVES / 3600);
                throw new IllegalArgumentException("policies[" + i + "] ("
                        + policies.get(i).name() + "): halfLife " + h.toHours() + "h is too"
                        + " short for this run: its " + Math.round(seconds / 86_400)
                        + " simulated days (rounds x secondsPerRound and its latest rewards,"
                        + " from the start of its first day) are more than "
                        + Math.round(Forgetting.MAX_HALF_LIVES) + " half-lives; use at least "
                        + hours + "h");
            }
        }
    }

    private static List<Scenario.PolicySpec> policies(String scenario, JsonNode root) {
        JsonNode list = root.path("policies");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("policies must be a list of at least one"
                    + " policy");
        }
        JsonNode base = root.path("placement");
        if (!base.isMissingNode() && !base.isNull() && !base.isObject()) {
            throw new IllegalArgumentException("placement must be a mapping of placement keys");
        }
        List<Scenario.PolicySpec> policies = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode p = list.get(i);
            String key = "policies[" + i + "]";
            if (!p.isObject()) {
                throw new IllegalArgumentException(key + " must be a mapping with a name");
            }
            String policyName = new Parameters(values(p), key + ".").text("name", null);
            if (!names.add(policyName)) {
                throw new IllegalArgumentException(key + ".name: policy names must be unique: "
                        + policyName);
            }
            policies.add(new Scenario.PolicySpec(policyName,
                    placement(scenario + "-" + policyName, base, p)));
        }
        return policies;
    }

    /**
     * The checks, each naming a policy of {@code policies} and one of {@code metrics}, with a
     * finite {@code min}, {@code max} or both, {@code min <= max}.
     */
    private static List<Scenario.Check> checks(JsonNode list, Set<String> policies,
            List<String> metrics) {
        if (!list.isMissingNode() && !list.isNull() && !list.isArray()) {
            throw new IllegalArgumentException("checks must be a list");
        }
        List<Scenario.Check> checks = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String key = "checks[" + i + "].";
            if (!c.isObject()) {
                throw new IllegalArgumentException("checks[" + i + "] must be a mapping");
            }
            allowOnly(c, CHECK_KEYS, key);
            Parameters p = new Parameters(values(c), key);
            String policy = p.text("policy", null);
            if (!policies.contains(policy)) {
                throw new IllegalArgumentException(key + "policy names unknown policy "
                        + policy + "; known: " + new TreeSet<>(policies));
            }
            String metric = p.text("metric", null);
            if (!metrics.contains(metric)) {
                throw new IllegalArgumentException(key + "metric must be one of "
                        + String.join(", ", metrics) + "; was " + metric);
            }
            double min = p.number("min", Double.NaN);
            double max = p.number("max", Double.NaN);
            if (Double.isNaN(min) && Double.isNaN(max)) {
                throw new IllegalArgumentException(key + "min or " + key + "max is required");
            }
            if (min > max) {
                throw new IllegalArgumentException(key + "min must not exceed " + key
                        + "max, was " + min + " > " + max);
            }
            checks.add(new Scenario.Check(policy, metric, min, max));
        }
        return checks;
    }

    /** A mapping's values as plain Java values (numbers, strings, lists, maps). */
    private static Map<String, Object> values(JsonNode mapping) {
        Map<String, Object> values = new LinkedHashMap<>();
        mapping.fields().forEachRemaining(e -> values.put(e.getKey(),
                YAML.convertValue(e.getValue(), Object.class)));
        return values;
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
            PlacementSettings parsed = ConfigLoader.parse(YAML.writeValueAsString(root))
                    .placement(name);
            Placements.checkHalfLife(parsed);
            return parsed;
        } catch (ConfigException e) {
            throw new IllegalArgumentException("policy " + policy.path("name").asText("?")
                    + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Refuses a key outside {@code allowed}, naming it with {@code prefix}. */
    private static void allowOnly(JsonNode node, Set<String> allowed, String prefix) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("unknown key " + prefix + k + "; known: "
                        + new TreeSet<>(allowed));
            }
        });
    }
}
