package dev.bandstand.simulation.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes a {@link LoggedSlate} as one line of Vowpal Wabbit's DSJson for conditional
 * contextual bandits (CCB, {@code vw --dsjson --ccb_explore_adf}): the shared context and
 * the candidates once, and one outcome per slot.
 *
 * <p>The shape follows the CCB lines of the VowpalWabbit projects (decision-service JSON with
 * {@code _slots} and {@code _outcomes}). Keys, in this order:
 * <ul>
 *   <li>{@code Timestamp}, {@code Version} ({@code "1"}), {@code EventId}: as in
 *       {@link DsJsonWriter};
 *   <li>{@code c}: the shared namespaces and {@code _multi} of {@link DsJsonWriter}, then
 *       {@code _slots}, one object per slot, {@code {"_id": "<event id>/k"}};
 *   <li>{@code _outcomes}, one object per slot in slate order: {@code _label_cost}
 *       ({@code -reward}; only when the slot has a reward), {@code _id} (the slot's id),
 *       {@code _a} (0-based indices into {@code _multi} of the actions open at the slot, the
 *       chosen one first), {@code _p} (their probabilities, same order), {@code _o}
 *       ({@code [{"v": reward, "EventId": slot id, "ActionTaken": false}]}, only with a
 *       reward);
 *   <li>{@code VWState}: {@code {"m": model version}}; {@code "_skipLearn": true} when no slot
 *       has a reward.
 * </ul>
 *
 * <p>Limitations: the actions a slate rule (at most n per feature value) closed to a slot are
 * left out of its {@code _a} but not written as a slot's {@code _inc}, so VW would consider
 * them open when it predicts (its learning reads only the chosen action and probability).
 *
 * <p>Stateless and thread-safe.
 */
// TODO(slates): write a slot's _inc when a slate rule closed candidates to it
public final class CcbWriter {

    private static final String SKIP_LEARN = "_skipLearn";

    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    /** A writer; it keeps no state between lines. */
    public CcbWriter() {
    }

    /**
     * The CCB line of {@code slate}, without a line terminator.
     *
     * @param userKey the keyed hash of the user id as {@code c._user}, or null
     * @throws IllegalArgumentException as {@link DsJsonWriter#line(LoggedDecision)}
     */
    public String line(LoggedSlate slate, String userKey) {
        return line(slate, new DsJsonWriter.Tags(userKey, null, null));
    }

    /**
     * The CCB line of {@code slate} with the user key, variant and mode of {@code tags} in
     * its shared context, without a line terminator.
     *
     * @throws IllegalArgumentException as {@link DsJsonWriter#line(LoggedDecision)}
     */
    public String line(LoggedSlate slate, DsJsonWriter.Tags tags) {
        StringWriter out = new StringWriter(1024);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("Timestamp", DsJsonWriter.TIMESTAMP.format(slate.timestamp()));
            g.writeStringField("Version", "1");
            g.writeStringField("EventId", slate.eventId());
            DsJsonWriter.writeContext(g, slate.context(), slate.arms(), tags);
            g.writeArrayFieldStart("_slots");
            for (int k = 0; k < slate.positions().size(); k++) {
                g.writeStartObject();
                g.writeStringField("_id", slate.slotId(k));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();

            boolean anyReward = false;
            g.writeArrayFieldStart("_outcomes");
            for (int k = 0; k < slate.positions().size(); k++) {
                LoggedSlate.Position p = slate.positions().get(k);
                anyReward |= p.reward() != null;
                writeOutcome(g, slate.slotId(k), p);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("VWState");
            g.writeStringField("m", slate.modelVersion() == null ? "N/A" : slate.modelVersion());
            g.writeEndObject();
            if (!anyReward) {
                g.writeBooleanField(SKIP_LEARN, true);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeOutcome(JsonGenerator g, String id, LoggedSlate.Position p)
            throws IOException {
        g.writeStartObject();
        if (p.reward() != null) {
            g.writeNumberField("_label_cost", -p.reward());
        }
        g.writeStringField("_id", id);
        g.writeArrayFieldStart("_a");
        for (int a : p.actions()) {
            g.writeNumber(a);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("_p");
        for (double x : p.probabilities()) {
            g.writeNumber(x);
        }
        g.writeEndArray();
        if (p.reward() != null) {
            g.writeArrayFieldStart("_o");
            g.writeStartObject();
            g.writeNumberField("v", p.reward());
            g.writeStringField("EventId", id);
            g.writeBooleanField("ActionTaken", false);
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /**
     * A line this writer wrote without rewards, with slot k's reward {@code rewards[k]}
     * joined (null: the slot stays without a label); the other keys are kept in order.
     *
     * @throws IllegalArgumentException when the line is not such a line or the number of
     *     rewards differs from its slots
     */
    public String rewarded(String unrewarded, Double[] rewards) {
        JsonNode root;
        try {
            root = mapper.readTree(unrewarded);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON line: " + e.getMessage());
        }
        JsonNode outcomes = root == null ? null : root.get("_outcomes");
        if (!(root instanceof ObjectNode object) || !(outcomes instanceof ArrayNode list)
                || list.size() != rewards.length) {
            throw new IllegalArgumentException("not an unrewarded CCB line of this writer with "
                    + rewards.length + " slots");
        }
        boolean anyReward = false;
        for (int k = 0; k < rewards.length; k++) {
            if (rewards[k] != null) {
                anyReward = true;
                list.set(k, labelled((ObjectNode) list.get(k), rewards[k]));
            }
        }
        if (anyReward) {
            object.remove(SKIP_LEARN);
        }
        try {
            return mapper.writeValueAsString(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode labelled(ObjectNode outcome, double reward) {
        ObjectNode out = mapper.createObjectNode();
        out.put("_label_cost", -reward);
        Iterator<Map.Entry<String, JsonNode>> fields = outcome.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            out.set(f.getKey(), f.getValue());
        }
        ObjectNode o = out.putArray("_o").addObject();
        o.put("v", reward);
        o.put("EventId", outcome.path("_id").asText());
        o.put("ActionTaken", false);
        return out;
    }
}
