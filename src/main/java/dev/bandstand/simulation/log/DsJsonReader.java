package dev.bandstand.simulation.log;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bandstand.config.PartsOfDay;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads a DSJson decision log (one JSON object per line, the contextual-bandit shape
 * described in {@link DsJsonWriter}) back into {@link LoggedDecision}s, checking every line.
 *
 * <p>A line is rejected with a {@link LogFormatException} naming its 1-based number when it
 * is not JSON; misses {@code EventId}, {@code Timestamp}, {@code a}, {@code p}, {@code c} or
 * {@code c._multi}; when {@code a}, {@code p} and {@code _multi} differ in length or
 * {@code a} is not a permutation of 1..n; when the chosen action's probability ({@code p[0]},
 * and {@code _label_probability} if present) is 0, negative, above 1 or NaN; when
 * {@code _labelIndex} or {@code _label_Action} disagree with {@code a[0]}; when
 * {@code _label_cost} is present without {@code _labelIndex}. Blank lines are skipped.
 *
 * <p>A line with {@code _outcomes} is a CCB line ({@link CcbWriter}): it holds one decision
 * per slot; see {@link #parseSlate}.
 *
 * <p>Lines written by other producers are read too: their context namespaces become features
 * named {@code namespace.key}, an action's {@code _tag} is its id (or {@code action-k} when
 * absent), and time fields missing from {@code c} are derived from {@code Timestamp} in UTC
 * with the default parts of day. A line with {@code "_skipLearn": true} or without
 * {@code _label_cost} has no reward.
 *
 * <p>Stateless and thread-safe; reading a file blocks the calling thread.
 */
public final class DsJsonReader {

    private final ObjectMapper mapper = new ObjectMapper();
    private final PartsOfDay partsOfDay = PartsOfDay.defaults();

    /** A reader; it keeps no state between lines. */
    public DsJsonReader() {
    }

    /**
     * Every decision of a DSJson file, in file order.
     *
     * @throws LogFormatException naming the first bad line
     * @throws IOException when the file cannot be read
     */
    public List<LoggedDecision> read(Path file) throws IOException {
        List<LoggedDecision> out = new ArrayList<>();
        eachLine(file, line -> out.addAll(line.root.has("_outcomes")
                ? slate(line).decisions() : List.of(parse(line))));
        return out;
    }

    /**
     * Every line of a DSJson file as a slate, in file order: a CCB line as {@link
     * #parseSlate} reads it, a contextual-bandit line as a slate of one slot over all its
     * actions ({@link LoggedSlate#of}), so that a log mixing single decisions and slates of
     * one placement reads as one list.
     *
     * @throws LogFormatException naming the first bad line
     * @throws IOException when the file cannot be read
     */
    public List<LoggedSlate> readSlates(Path file) throws IOException {
        List<LoggedSlate> out = new ArrayList<>();
        eachLine(file, line -> out.add(line.root.has("_outcomes")
                ? slate(line) : LoggedSlate.of(parse(line))));
        return out;
    }

    /** Hands every non-blank line of {@code file}, parsed, to {@code each}, in file order. */
    private void eachLine(Path file, Consumer<Line> each) throws IOException {
        String source = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text;
            long number = 0;
            while ((text = in.readLine()) != null) {
                number++;
                if (!text.isBlank()) {
                    each.accept(new Line(source, number, tree(source, number, text)));
                }
            }
        }
    }

    /**
     * The decisions of one line: one for a contextual-bandit line, one per slot for a CCB
     * line (a line with {@code _outcomes}), as {@link LoggedSlate#decisions()} gives them.
     *
     * @param source file name for messages; may be null
     * @param number the line's 1-based number, for messages
     * @throws LogFormatException when the line is bad
     */
    public List<LoggedDecision> parseAll(String source, long number, String text) {
        JsonNode root = tree(source, number, text);
        if (root.has("_outcomes")) {
            return slate(new Line(source, number, root)).decisions();
        }
        return List.of(parse(new Line(source, number, root)));
    }

    /**
     * One contextual-bandit line.
     *
     * @param source file name for messages; may be null
     * @param number the line's 1-based number, for messages
     * @throws LogFormatException when the line is bad or a CCB line
     */
    public LoggedDecision parse(String source, long number, String text) {
        JsonNode root = tree(source, number, text);
        if (root.has("_outcomes")) {
            throw new LogFormatException(source, number,
                    "a CCB line (with _outcomes) holds several decisions: read it with parseAll");
        }
        return parse(new Line(source, number, root));
    }

    /**
     * One CCB line as a slate: {@code c._multi}, {@code c._slots} and {@code _outcomes}
     * (one per slot, the same number) are required; each outcome's {@code _a} must hold
     * distinct 0-based indices into {@code _multi}, none of them chosen by an earlier slot (a
     * slot's candidates are the decision's without the arms of the slots before it), and
     * {@code _p} one probability per entry, the first (the chosen action's) in (0, 1], the
     * others in [0, 1]; their sum is not checked. {@code _label_cost}, when present, is the
     * slot's cost (reward = -cost). A slot's event id is the decision's {@code EventId} with
     * {@code /k} appended. Messages name the field, such as {@code _outcomes[1]._p[0]}.
     *
     * @throws LogFormatException naming the line when it is bad
     */
    public LoggedSlate parseSlate(String source, long number, String text) {
        return slate(new Line(source, number, tree(source, number, text)));
    }

    private JsonNode tree(String source, long number, String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            // Jackson's own advice (a parser feature) means nothing to a reader of the log
            if (why != null && why.contains("ALLOW_NON_NUMERIC_NUMBERS")) {
                why = "NaN and Infinity are not JSON numbers";
            }
            throw new LogFormatException(source, number, "not valid JSON: " + why);
        }
        if (root == null || !root.isObject()) {
            throw new LogFormatException(source, number, "not a JSON object");
        }
        return root;
    }

    private LoggedSlate slate(Line line) {
        JsonNode root = line.root;
        String eventId = line.text(root, "EventId");
        Instant timestamp = line.timestamp();
        JsonNode c = line.object(root, "c");
        JsonNode multi = line.array(c, "_multi", "c._multi");
        JsonNode slots = line.array(c, "_slots", "c._slots");
        JsonNode outcomes = line.array(root, "_outcomes");
        if (outcomes.size() != slots.size()) {
            throw line.bad("_outcomes and c._slots must have one entry per slot: "
                    + outcomes.size() + ", " + slots.size());
        }
        int n = multi.size();
        List<LoggedSlate.Position> positions = new ArrayList<>(outcomes.size());
        // the arms of the slots before: a slot's candidates are the decision's without them
        boolean[] placed = new boolean[n];
        for (int k = 0; k < outcomes.size(); k++) {
            String at = "_outcomes[" + k + "].";
            JsonNode outcome = outcomes.get(k);
            JsonNode a = line.array(outcome, "_a", at + "_a");
            JsonNode p = line.array(outcome, "_p", at + "_p");
            if (a.size() != p.size()) {
                throw line.bad(at + "_a and " + at + "_p differ in length: " + a.size() + ", "
                        + p.size());
            }
            int[] actions = new int[a.size()];
            double[] probabilities = new double[a.size()];
            boolean[] seen = new boolean[n];
            for (int j = 0; j < actions.length; j++) {
                JsonNode v = a.get(j);
                if (!v.isIntegralNumber() || v.asInt() < 0 || v.asInt() >= n
                        || seen[v.asInt()]) {
                    throw line.bad(at + "_a must hold distinct action indices 0.." + (n - 1)
                            + ": " + a);
                }
                actions[j] = v.asInt();
                seen[actions[j]] = true;
                if (placed[actions[j]]) {
                    throw line.bad(at + "_a[" + j + "] = " + actions[j] + " is not among the"
                            + " slot's remaining candidates: an earlier slot chose it");
                }
                String field = at + "_p[" + j + "]";
                double x = line.number(p.get(j), field);
                probabilities[j] = j == 0
                        ? LogChecks.propensity(line.source, line.number, field, x)
                        : LogChecks.probability(line.source, line.number, field, x);
            }
            Double reward = null;
            if (outcome.has("_label_cost") && !root.path("_skipLearn").asBoolean(false)) {
                double cost = line.number(outcome.get("_label_cost"), at + "_label_cost");
                LogChecks.cost(line.source, line.number, at + "_label_cost", cost);
                reward = -cost;
            }
            positions.add(new LoggedSlate.Position(actions, probabilities, reward));
            placed[actions[0]] = true;
        }

        Context context = context(line, c, timestamp);
        List<Arm> arms = arms(multi);
        return new LoggedSlate(eventId, timestamp, context, arms, positions, model(root));
    }

    private static String model(JsonNode root) {
        JsonNode state = root.get("VWState");
        return state != null && state.hasNonNull("m") ? state.get("m").asText() : null;
    }

    private LoggedDecision parse(Line line) {
        JsonNode root = line.root;
        String source = line.source;
        long number = line.number;

        String eventId = line.text(root, "EventId");
        Instant timestamp = line.timestamp();
        JsonNode a = line.array(root, "a");
        JsonNode p = line.array(root, "p");
        JsonNode c = line.object(root, "c");
        JsonNode multi = line.array(c, "_multi");
        int n = multi.size();
        if (a.size() != n || p.size() != n) {
            throw line.bad("a, p and c._multi must have one entry per action: " + a.size()
                    + ", " + p.size() + ", " + n);
        }
        int chosen = line.actions(a, n);
        double[] probabilities = new double[n];
        for (int k = 0; k < n; k++) {
            double v = line.number(p.get(k), "p[" + k + "]");
            probabilities[a.get(k).asInt() - 1] = k == 0
                    ? LogChecks.propensity(source, number, "p[0]", v)
                    : LogChecks.probability(source, number, "p[" + k + "]", v);
        }
        LogChecks.sumsToOne(source, number, "p", probabilities);
        Double reward = line.reward(chosen, probabilities[chosen]);

        Context context = context(line, c, timestamp);
        List<Arm> arms = arms(multi);
        return new LoggedDecision(eventId, timestamp, context, arms, chosen, probabilities,
                reward, model(root));
    }

    private Context context(Line line, JsonNode c, Instant timestamp) {
        ZoneId zone = ZoneOffset.UTC;
        if (c.hasNonNull(DsJsonWriter.ZONE)) {
            try {
                zone = ZoneId.of(c.get(DsJsonWriter.ZONE).asText());
            } catch (DateTimeException e) {
                throw line.bad("c._zone is not a time zone: " + c.get(DsJsonWriter.ZONE));
            }
        }
        ZonedDateTime local = timestamp.atZone(zone);
        JsonNode time = c.path(DsJsonWriter.TIME);
        int hour = time.hasNonNull("hour")
                ? LogChecks.integer(line.source, line.number, "c.Time.hour",
                        time.get("hour").asText())
                : local.getHour();
        String partOfDay = time.hasNonNull("partOfDay") ? time.get("partOfDay").asText()
                : partsOfDay.partOf(hour);
        DayOfWeek day = local.getDayOfWeek();
        if (time.hasNonNull("dayOfWeek")) {
            try {
                day = DayOfWeek.valueOf(time.get("dayOfWeek").asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw line.bad("c.Time.dayOfWeek is not a day: " + time.get("dayOfWeek"));
            }
        }
        String dayType = time.hasNonNull("dayType") ? time.get("dayType").asText()
                : day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY ? "weekend" : "weekday";
        JsonNode situation = c.path(DsJsonWriter.SITUATION);
        String device = situation.path("device").asText("unknown");
        String activity = situation.path("activity").asText("unknown");

        Map<String, Object> features = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = c.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            if (name.startsWith("_") || name.equals(DsJsonWriter.TIME)
                    || name.equals(DsJsonWriter.SITUATION)) {
                continue;
            }
            String prefix = name.equals(DsJsonWriter.FEATURES) ? "" : name + ".";
            flatten(prefix, f.getValue(), features, name);
        }
        return new Context(timestamp, zone, hour, partOfDay, dayType, day, device, activity,
                features);
    }

    private static List<Arm> arms(JsonNode multi) {
        List<Arm> arms = new ArrayList<>(multi.size());
        for (int i = 0; i < multi.size(); i++) {
            arms.add(arm(multi.get(i), i));
        }
        return arms;
    }

    private static Arm arm(JsonNode action, int index) {
        String id = action.hasNonNull("_tag") ? action.get("_tag").asText()
                : action.path(DsJsonWriter.ARM).hasNonNull(DsJsonWriter.ARM_ID)
                        ? action.get(DsJsonWriter.ARM).get(DsJsonWriter.ARM_ID).asText()
                        : "action-" + (index + 1);
        Map<String, Object> features = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = action.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            JsonNode value = f.getValue();
            if (name.startsWith("_")) {
                continue;
            }
            if (name.equals(DsJsonWriter.ARM)) {
                flatten("", value, features, name);
                features.remove(DsJsonWriter.ARM_ID);
            } else if (isTagSet(value)) {
                List<String> tags = new ArrayList<>();
                value.fieldNames().forEachRemaining(tags::add);
                features.put(name, List.copyOf(tags));
            } else {
                flatten(name + ".", value, features, name);
            }
        }
        return new Arm(id, features);
    }

    /** An object whose every value is the number 1: a set of indicator features. */
    private static boolean isTagSet(JsonNode node) {
        if (!node.isObject() || node.isEmpty()) {
            return false;
        }
        for (JsonNode v : node) {
            if (!v.isNumber() || v.asDouble() != 1) {
                return false;
            }
        }
        return true;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Object> out,
            String name) {
        if (node.isObject()) {
            node.fields().forEachRemaining(
                    f -> flatten(prefix + f.getKey() + ".", f.getValue(), out, f.getKey()));
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isObject()) {
                    flatten(prefix, element, out, name);
                }
            }
            return;
        }
        String key = prefix.endsWith(".") ? prefix.substring(0, prefix.length() - 1) : name;
        if (node.isNumber()) {
            out.put(key, node.asDouble());
        } else if (node.isTextual() || node.isBoolean()) {
            out.put(key, node.asText());
        }
    }
}
