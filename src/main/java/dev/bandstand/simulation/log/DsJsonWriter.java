package dev.bandstand.simulation.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link LoggedDecision} as one line of Vowpal Wabbit's DSJson ("decision service
 * JSON") for contextual bandits, the format of {@code vw --dsjson --cb_adf}.
 *
 * <p>The shape follows the published format: the VW wiki page "DSJSON", the joined-event
 * lines of {@code test/train-sets/dsjson_cb.json} and the parser's
 * {@code DecisionServiceState} in {@code vowpalwabbit/json_parser/src/parse_example_json.cc}
 * of the VowpalWabbit/vowpal_wabbit repository. Keys, in the order those lines use:
 * <ul>
 *   <li>{@code _label_cost}: cost of the chosen action, {@code -reward} (VW minimises cost);
 *   <li>{@code _label_probability}: probability of the chosen action;
 *   <li>{@code _label_Action}: the chosen action, 1-based; {@code _labelIndex}: the same,
 *       0-based, an index into {@code c._multi};
 *   <li>{@code o}: outcomes, {@code [{"v": reward, "EventId": id, "ActionTaken": false}]};
 *   <li>{@code Timestamp} ({@code 2021-02-04T16:31:29.2460000Z}, UTC, 7 fraction digits),
 *       {@code Version} ({@code "1"}), {@code EventId};
 *   <li>{@code a}: 1-based action ids, the chosen one first, then the others in candidate
 *       order; {@code p}: their probabilities in the same order;
 *   <li>{@code c}: the shared context namespaces and {@code _multi}, one object per action
 *       in candidate order;
 *   <li>{@code VWState}: {@code {"m": model version}}; {@code _original_label_cost}.
 * </ul>
 * A decision without a reward is written without the {@code _label_*} keys and {@code o},
 * and with {@code "_skipLearn": true}, which VW skips.
 *
 * <p>Bandstand's namespaces in {@code c}: {@code _zone} (IANA zone; keys starting with
 * {@code _} are not features for VW), {@code Time} ({@code hour} as a string,
 * {@code partOfDay}, {@code dayType}, {@code dayOfWeek}), {@code _user} (the keyed hash of
 * the user id, when known; never the raw id), {@code _variant} (the experiment variant that
 * served the decision, when there is one), {@code _mode} (how it was served: {@code policy},
 * {@code best} or {@code baseline}; written by the service, absent from replayed logs),
 * {@code Situation} ({@code device},
 * {@code activity}) and {@code Features} (further context features). Each action is
 * {@code {"_tag": id, "Arm": {"id": id, scalar features...}, <list feature>: {tag: 1, ...}}}:
 * a list-valued arm feature (such as artwork tags) becomes a namespace of its own with one
 * indicator per element. Rewards are on the normalised [0, 1] scale.
 *
 * <p>One chosen action per line (contextual bandit); slates are written in VW's conditional
 * contextual bandit shape by {@link CcbWriter}, with the same context and actions.
 *
 * <p>Stateless and thread-safe.
 */
public final class DsJsonWriter {

    static final String ARM = "Arm";
    /** The key of {@link #ARM} that holds the arm's id. */
    static final String ARM_ID = "id";
    static final String TIME = "Time";
    static final String SITUATION = "Situation";
    static final String FEATURES = "Features";
    static final String ZONE = "_zone";
    static final String USER = "_user";
    static final String VARIANT = "_variant";
    static final String MODE = "_mode";

    private static final String SKIP_LEARN = ",\"_skipLearn\":true}";

    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS'Z'", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    /** A writer; it keeps no state between lines. */
    public DsJsonWriter() {
    }

    /**
     * The DSJson line of {@code decision}, without a line terminator.
     *
     * @throws IllegalArgumentException when an arm has a feature the shape reserves
     *     ({@link #reservedArmFeature})
     */
    public String line(LoggedDecision decision) {
        return line(decision, (String) null);
    }

    /**
     * The DSJson line of {@code decision} with the person's user key as {@code c._user} (a
     * key VW does not read as a feature), so that the person's lines can be found and erased.
     *
     * @param userKey the keyed hash of the user id, or null to write none
     * @throws IllegalArgumentException as {@link #line(LoggedDecision)}
     */
    public String line(LoggedDecision decision, String userKey) {
        return line(decision, new Tags(userKey, null, null));
    }

    /**
     * What the service writes about a decision besides the shape VW reads, all in keys VW
     * does not read as features.
     *
     * @param userKey {@code c._user}, the keyed hash of the user id, or null for none
     * @param variant {@code c._variant}, the experiment variant, or null for none
     * @param mode {@code c._mode}, how the decision was served, or null for none
     */
    public record Tags(String userKey, String variant, String mode) {
    }

    /**
     * The DSJson line of {@code decision} with {@code tags} in its context.
     *
     * @throws IllegalArgumentException as {@link #line(LoggedDecision)}
     */
    public String line(LoggedDecision decision, Tags tags) {
        StringWriter out = new StringWriter(512);
        try (JsonGenerator g = json.createGenerator(out)) {
            write(g, decision, tags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * The line {@code unrewarded} (as this writer wrote it for a decision without a reward)
     * with the reward joined: the {@code _label_*} keys and {@code o} in front,
     * {@code _original_label_cost} instead of {@code _skipLearn} at the end; the rest is kept
     * byte for byte. The chosen action is the first of {@code a}.
     *
     * @param reward normalised reward in [0, 1]
     * @throws IllegalArgumentException when the line is not an unrewarded line of this writer
     */
    public String rewarded(String unrewarded, double reward) {
        if (!unrewarded.startsWith("{\"Timestamp\"") || !unrewarded.endsWith(SKIP_LEARN)) {
            throw new IllegalArgumentException("not an unrewarded DSJson line of this writer");
        }
        JsonNode root;
        try {
            root = mapper.readTree(unrewarded);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON line: " + e.getMessage());
        }
        int action = root.path("a").path(0).asInt();
        double probability = root.path("p").path(0).asDouble();
        StringWriter out = new StringWriter(unrewarded.length() + 160);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            writeLabel(g, -reward, probability, action - 1, reward,
                    root.path("EventId").asText());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String labels = out.toString();
        String head = labels.substring(0, labels.length() - 1) + ",";
        String body = unrewarded.substring(1, unrewarded.length() - SKIP_LEARN.length());
        return head + body + ",\"_original_label_cost\":" + formatNumber(-reward) + "}";
    }

    private String formatNumber(double v) {
        StringWriter out = new StringWriter(24);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeNumber(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeLabel(JsonGenerator g, double cost, double probability,
            int chosen, double reward, String eventId) throws IOException {
        g.writeNumberField("_label_cost", cost);
        g.writeNumberField("_label_probability", probability);
        g.writeNumberField("_label_Action", chosen + 1);
        g.writeNumberField("_labelIndex", chosen);
        g.writeArrayFieldStart("o");
        g.writeStartObject();
        g.writeNumberField("v", reward);
        g.writeStringField("EventId", eventId);
        g.writeBooleanField("ActionTaken", false);
        g.writeEndObject();
        g.writeEndArray();
    }

    private void write(JsonGenerator g, LoggedDecision d, Tags tags) throws IOException {
        int[] order = actionOrder(d);
        g.writeStartObject();
        if (d.rewarded()) {
            writeLabel(g, -d.reward(), d.propensity(), d.chosen(), d.reward(), d.eventId());
        }
        g.writeStringField("Timestamp", TIMESTAMP.format(d.timestamp()));
        g.writeStringField("Version", "1");
        g.writeStringField("EventId", d.eventId());
        g.writeArrayFieldStart("a");
        for (int i : order) {
            g.writeNumber(i + 1);
        }
        g.writeEndArray();
        writeContext(g, d.context(), d.arms(), tags);
        g.writeEndObject();
        g.writeArrayFieldStart("p");
        for (int i : order) {
            g.writeNumber(d.probabilities()[i]);
        }
        g.writeEndArray();
        g.writeObjectFieldStart("VWState");
        g.writeStringField("m", d.modelVersion() == null ? "N/A" : d.modelVersion());
        g.writeEndObject();
        if (d.rewarded()) {
            g.writeNumberField("_original_label_cost", -d.reward());
        } else {
            g.writeBooleanField("_skipLearn", true);
        }
        g.writeEndObject();
    }

    /** Chosen first, then the rest in candidate order. */
    private static int[] actionOrder(LoggedDecision d) {
        int n = d.arms().size();
        int[] order = new int[n];
        order[0] = d.chosen();
        int k = 1;
        for (int i = 0; i < n; i++) {
            if (i != d.chosen()) {
                order[k++] = i;
            }
        }
        return order;
    }

    /**
     * Opens {@code c} and writes the shared namespaces and {@code _multi}; the caller may add
     * more (CCB's {@code _slots}) and closes it.
     */
    static void writeContext(JsonGenerator g, Context c, List<Arm> arms,
            Tags tags) throws IOException {
        g.writeObjectFieldStart("c");
        if (tags.userKey() != null) {
            g.writeStringField(USER, tags.userKey());
        }
        if (tags.variant() != null) {
            g.writeStringField(VARIANT, tags.variant());
        }
        if (tags.mode() != null) {
            g.writeStringField(MODE, tags.mode());
        }
        g.writeStringField(ZONE, c.timeZone().getId());
        g.writeObjectFieldStart(TIME);
        g.writeStringField("hour", Integer.toString(c.localHour()));
        g.writeStringField("partOfDay", c.partOfDay());
        g.writeStringField("dayType", c.dayType());
        g.writeStringField("dayOfWeek", c.dayOfWeek().name().toLowerCase(Locale.ROOT));
        g.writeEndObject();
        g.writeObjectFieldStart(SITUATION);
        g.writeStringField("device", c.device());
        g.writeStringField("activity", c.activity());
        g.writeEndObject();
        if (!c.features().isEmpty()) {
            g.writeObjectFieldStart(FEATURES);
            writeScalars(g, c.features(), "context feature");
            g.writeEndObject();
        }
        g.writeArrayFieldStart("_multi");
        for (Arm arm : arms) {
            writeArm(g, arm);
        }
        g.writeEndArray();
    }

    /**
     * Why an arm feature of this name and value cannot be written in an action of
     * {@code c._multi}, or null when it can: the one list of the names this shape reserves.
     * They are
     * <ul>
     *   <li>{@code id}, whatever its value: the arm's own id is written as {@code Arm.id};
     *   <li>any name starting with {@code _}, whatever its value: VW's JSON reader takes no
     *       such key as a feature, in a namespace or as one. It skips most of them and reads
     *       a few as its own ({@code _tag}, {@code _text}, {@code _a}, {@code _p}, and
     *       {@code _label...}, which it refuses), so the log would not hold what the policy
     *       used ({@code DefaultState::Key} in the parser cited above);
     *   <li>for a list of tags, which becomes a namespace named after the feature:
     *       {@code Arm}, the namespace of the scalar features.
     * </ul>
     * The service refuses such features where arms come in (requests, arm changes, the
     * configuration), whether the decision log is on or not, so that a decision never fails
     * here.
     *
     * @param value the feature's value: a number, a string or a list of tags
     * @return the reason, a phrase to follow the feature's name, or null
     */
    public static String reservedArmFeature(String name, Object value) {
        if (name.equals(ARM_ID)) {
            return "the name id is reserved: the decision log (DSJson) writes the arm's own id"
                    + " as Arm.id; rename the feature";
        }
        if (value instanceof List && name.equals(ARM)) {
            return "the name Arm is reserved for a list of tags: the decision log (DSJson)"
                    + " writes a list as a namespace of its name, and Arm holds the arm's other"
                    + " features; rename the feature";
        }
        if (name.startsWith("_")) {
            return "a name starting with _ is reserved: the decision log (DSJson) is read by"
                    + " Vowpal Wabbit, which takes no key starting with _ as a feature (it"
                    + " skips it or reads it as its own, such as _tag); rename the feature";
        }
        if (value instanceof List<?> tags) {
            for (Object tag : tags) {
                if (String.valueOf(tag).startsWith("_")) {
                    return "the tag " + tag + " starts with _, which is reserved: the decision"
                            + " log (DSJson) writes each tag as a key, and Vowpal Wabbit takes no"
                            + " key starting with _ as a feature; rename the tag";
                }
            }
        }
        return null;
    }

    private static void writeArm(JsonGenerator g, Arm arm) throws IOException {
        for (Map.Entry<String, Object> f : arm.features().entrySet()) {
            String reserved = reservedArmFeature(f.getKey(), f.getValue());
            if (reserved != null) {
                throw new IllegalArgumentException("arm " + arm.id() + ", feature "
                        + f.getKey() + ": " + reserved);
            }
        }
        g.writeStartObject();
        g.writeStringField("_tag", arm.id());
        g.writeObjectFieldStart(ARM);
        g.writeStringField(ARM_ID, arm.id());
        for (Map.Entry<String, Object> f : new java.util.TreeMap<>(arm.features()).entrySet()) {
            if (!(f.getValue() instanceof List)) {
                writeScalar(g, f.getKey(), f.getValue(), "arm feature");
            }
        }
        g.writeEndObject();
        for (Map.Entry<String, Object> f : new java.util.TreeMap<>(arm.features()).entrySet()) {
            if (f.getValue() instanceof List<?> tags) {
                g.writeObjectFieldStart(f.getKey());
                for (Object tag : tags) {
                    g.writeNumberField(String.valueOf(tag), 1);
                }
                g.writeEndObject();
            }
        }
        g.writeEndObject();
    }

    private static void writeScalars(JsonGenerator g, Map<String, Object> features, String what)
            throws IOException {
        for (Map.Entry<String, Object> f : new java.util.TreeMap<>(features).entrySet()) {
            writeScalar(g, f.getKey(), f.getValue(), what);
        }
    }

    private static void writeScalar(JsonGenerator g, String name, Object value, String what)
            throws IOException {
        if (value instanceof Number n) {
            g.writeNumberField(name, n.doubleValue());
        } else if (value instanceof String s) {
            g.writeStringField(name, s);
        } else {
            throw new IllegalArgumentException(what + " " + name + " has an unsupported type: "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }
}
