package dev.bandstand.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bandstand.config.ConfigLoader;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.placement.Decision;
import dev.bandstand.placement.DecisionRequest;
import dev.bandstand.placement.RewardRequest;
import dev.bandstand.placement.SlateRules;
import dev.bandstand.simulation.log.CcbWriter;
import dev.bandstand.simulation.log.LoggedSlate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code evaluate} on slate logs: on a log the service's engine wrote, the printed numbers
 * are recomputed here from the raw lines; bad slate lines are refused naming the line and
 * the field.
 */
class EvaluateSlatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final CliRunner cli = new CliRunner();

    /** Per slot and for the whole slate: uniform's IPS, SNIPS and Kish ESS from raw lines. */
    private record Expected(double[] ips, double[] snips, double slateIps, double slateSnips,
            double slateEss, int rewarded, int unlabelled) {
    }

    /**
     * Recomputes what {@code --policy uniform} should give, from the JSON alone: slot k's
     * weight is (1 / candidates open at k) / logged p of k, a missing slot reward counts 0,
     * the slate's weight is the product of its slots'; a line without any reward is skipped.
     */
    private static Expected uniformOn(Path log) throws Exception {
        double[][] sums = new double[2][3];
        double[] slate = new double[3];
        int rewarded = 0;
        int unlabelled = 0;
        for (String text : Files.readAllLines(log)) {
            JsonNode line = JSON.readTree(text);
            List<double[]> slots = new ArrayList<>();
            if (line.has("_outcomes")) {
                for (JsonNode o : line.get("_outcomes")) {
                    slots.add(slot(o.get("_a").size(), o.get("_p").get(0).asDouble(),
                            o.get("_label_cost")));
                }
            } else {
                slots.add(slot(line.get("a").size(), line.get("p").get(0).asDouble(),
                        line.get("_label_cost")));
            }
            if (slots.stream().allMatch(s -> Double.isNaN(s[1]))) {
                continue;
            }
            rewarded++;
            double w = 1;
            double total = 0;
            for (int k = 0; k < slots.size(); k++) {
                double r = Double.isNaN(slots.get(k)[1]) ? 0 : slots.get(k)[1];
                unlabelled += Double.isNaN(slots.get(k)[1]) ? 1 : 0;
                sums[k][0] += slots.get(k)[0] * r;
                sums[k][1] += slots.get(k)[0];
                sums[k][2]++;
                w *= slots.get(k)[0];
                total += r;
            }
            slate[0] += w * total;
            slate[1] += w;
            slate[2] += w * w;
        }
        return new Expected(new double[] {sums[0][0] / sums[0][2], sums[1][0] / sums[1][2]},
                new double[] {sums[0][0] / sums[0][1], sums[1][0] / sums[1][1]},
                slate[0] / rewarded, slate[0] / slate[1], slate[1] * slate[1] / slate[2],
                rewarded, unlabelled);
    }

    /** {weight of uniform, reward or NaN} of one slot. */
    private static double[] slot(int open, double p, JsonNode cost) {
        return new double[] {1.0 / open / p, cost == null ? Double.NaN : -cost.asDouble()};
    }

    /** The estimate column of {@code estimator} in the table after {@code heading}. */
    private static double printed(String output, String heading, String estimator) {
        String section = output.substring(output.indexOf(heading));
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(estimator) + "\\s+(-?[0-9.]+)\\s")
                .matcher(section);
        assertThat(m.find()).as(estimator + " under " + heading).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void uniformOnAServiceLogPrintsTheNumbersItsLinesGive() throws Exception {
        Path log = ServiceSlateLog.write(dir, 60);
        Expected want = uniformOn(log);

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform",
                "--bootstrap", "200", "--seed", "5");

        String text = cli.out();
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(text).contains("60 decisions, 0 without reward skipped")
                .contains("slates of up to 2 slots; " + want.unlabelled()
                        + " slots without a reward counted as 0")
                .contains("slot 0 (60 decisions)").contains("slot 1 (54 decisions)")
                .contains("whole slate (60 decisions)");
        // requests 4, 14, ..., 54 got a reward for their first slot only (9, 19, ... asked
        // for one track): six second slots dropped
        assertThat(want.unlabelled()).isEqualTo(6);
        for (int k = 0; k < 2; k++) {
            String heading = "slot " + k + " (";
            assertThat(printed(text, heading, "IPS")).isCloseTo(want.ips()[k], within(6e-6));
            assertThat(printed(text, heading, "SNIPS"))
                    .isCloseTo(want.snips()[k], within(6e-6));
        }
        assertThat(printed(text, "whole slate", "IPS")).isCloseTo(want.slateIps(),
                within(6e-6));
        assertThat(printed(text, "whole slate", "SNIPS")).isCloseTo(want.slateSnips(),
                within(6e-6));
        assertThat(text.substring(text.indexOf("whole slate")))
                .containsPattern("(?m)^DM\\s+-\\s+-\\s+0\\.0\\s+-\\s+NOT_APPLICABLE: ")
                .containsPattern("(?m)^PI\\s+-\\s+-\\s+0\\.0\\s+-\\s+NOT_APPLICABLE: ");
        String status = want.slateEss() < 30 ? "LOW_SUPPORT" : "OK";
        assertThat(text.substring(text.indexOf("whole slate")))
                .containsPattern("(?m)^IPS\\s.*\\s" + status);
    }

    /**
     * Three slates written by the log's own writer: candidates a, b, c; slot 0 chose b of all
     * three, slot 1 chose a of a and c.
     */
    private Path handLog() throws Exception {
        List<Arm> arms = List.of(Arm.of("a"), Arm.of("b"), Arm.of("c"));
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Instant at = Instant.parse("2024-01-01T10:00:00Z").plusSeconds(t);
            Context c = new Context(at, ZoneOffset.UTC, 10, "morning", "weekday",
                    DayOfWeek.MONDAY, "phone", "resting", Map.of());
            lines.add(new CcbWriter().line(new LoggedSlate("e" + t, at, c, arms, List.of(
                    new LoggedSlate.Position(new int[] {1, 0, 2},
                            new double[] {0.5, 0.25, 0.25}, 1.0),
                    new LoggedSlate.Position(new int[] {0, 2}, new double[] {0.5, 0.5}, 0.0)),
                    "1"), (String) null));
        }
        return Files.write(dir.resolve("slates.dsjson"), lines);
    }

    /** Rewrites line {@code number} (1-based) of {@code log} with {@code change}. */
    private static void change(Path log, int number, Consumer<ObjectNode> change)
            throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(log));
        ObjectNode line = (ObjectNode) JSON.readTree(lines.get(number - 1));
        change.accept(line);
        lines.set(number - 1, JSON.writeValueAsString(line));
        Files.write(log, lines);
    }

    private static ObjectNode slot(ObjectNode line, int k) {
        return (ObjectNode) line.get("_outcomes").get(k);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "slot probability 0|p=0|_outcomes[1]._p[0] must be in (0, 1]: 0.0",
        "slot probability below 0|p<0|_outcomes[1]._p[0] must be in (0, 1]: -0.25",
        "slot probability above 1|p>1|_outcomes[1]._p[0] must be in (0, 1]: 1.5",
        "slot probability NaN|p=NaN|_outcomes[1]._p[0] is NaN",
        "another open arm's probability above 1|other>1|_outcomes[1]._p[1] must be in [0, 1]",
        "missing slot probabilities|no _p|missing field _outcomes[0]._p",
        "missing slot arms|no _a|missing field _outcomes[1]._a",
        "missing slots|no _slots|missing field c._slots",
        "missing event id|no EventId|missing field EventId",
        "logged arm chosen by an earlier slot|repeat|_outcomes[1]._a[0] = 1 is not among the"
                + " slot's remaining candidates",
        "open arm chosen by an earlier slot|open repeat|_outcomes[1]._a[1] = 1 is not among"
                + " the slot's remaining candidates"
    })
    void aBadSlateLineIsRefusedNamingItsLineAndField(String what, String kind, String message)
            throws Exception {
        Path log = handLog();
        change(log, 2, line -> {
            ArrayNode p1 = (ArrayNode) slot(line, 1).get("_p");
            ArrayNode a1 = (ArrayNode) slot(line, 1).get("_a");
            switch (kind) {
                case "p=0" -> p1.set(0, 0.0);
                case "p<0" -> p1.set(0, -0.25);
                case "p>1" -> p1.set(0, 1.5);
                case "p=NaN" -> p1.set(0, JSON.getNodeFactory().textNode("NaN"));
                case "other>1" -> p1.set(1, 2.0);
                case "no _p" -> slot(line, 0).remove("_p");
                case "no _a" -> slot(line, 1).remove("_a");
                case "no _slots" -> ((ObjectNode) line.get("c")).remove("_slots");
                case "no EventId" -> line.remove("EventId");
                case "repeat" -> a1.set(0, 1);
                case "open repeat" -> a1.set(1, 1);
                default -> throw new IllegalArgumentException(kind);
            }
        });

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform");

        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.err()).startsWith("bandstand evaluate: slates.dsjson line 2: ")
                .contains(message).doesNotContain("Exception");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void theHandLogIsGoodAsWritten() throws Exception {
        int code = cli.run("evaluate", "--log", handLog().toString(), "--policy", "uniform",
                "--bootstrap", "20");

        // slot 0: (1/3) / 0.5 = 2/3 on reward 1; slot 1: (1/2) / 0.5 = 1 on reward 0;
        // slate: 2/3 * 1 on 1 + 0 = 1
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(printed(cli.out(), "slot 0 (", "IPS")).isCloseTo(2 / 3.0,
                within(6e-6));
        assertThat(printed(cli.out(), "slot 1 (", "IPS")).isZero();
        assertThat(printed(cli.out(), "whole slate", "IPS")).isCloseTo(2 / 3.0,
                within(6e-6));
        assertThat(printed(cli.out(), "whole slate", "SNIPS")).isEqualTo(1.0);
    }

    @Test
    void aSlateLogWithoutAnyRewardHasNoDataNotZero() throws Exception {
        Path log = handLog();
        for (int line = 1; line <= 3; line++) {
            change(log, line, l -> {
                for (int k = 0; k < 2; k++) {
                    slot(l, k).remove(List.of("_label_cost", "_o"));
                }
            });
        }

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", "uniform");

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(cli.out()).contains("3 decisions, 3 without reward skipped")
                .contains("no slate has a reward")
                .containsPattern("(?m)^IPS\\s+-\\s+-\\s+0\\.0\\s+-\\s+NO_DATA");
    }

    /** The README's playlist placement: LinUCB with a 10% floor over hashed track features. */
    private static final String PLAYLISTS = """
            placements:
              playlist:
                policy: {type: linucb, alpha: 1.0, floor: 0.1}
                reward: {min: 0, max: 1, wait: 20s, default: none}
                buckets: []
                maxCount: 25
                features:
                  dimensions: 32
                  armId: false
                  context: [activity, device, partOfDay]
                  scale: {tempo: 200}
            """;

    private static Arm track(String id, String artist, double tempo, double energy) {
        return new Arm(id, Map.of("artist", artist, "tempo", tempo, "energy", energy));
    }

    /**
     * The first slate of the placement configured by {@code yaml}: three slots from
     * {@code tracks} under {@code rules}, rewarded 1, 0, 1. Returns the log's outcomes and
     * runs {@code evaluate} on the log with that configuration as the candidate.
     */
    private JsonNode ownFirstSlate(String yaml, List<Arm> tracks, SlateRules rules)
            throws Exception {
        Path config = Files.writeString(dir.resolve("placement.yaml"), yaml);
        Path log = ServiceSlateLog.write(dir, ConfigLoader.load(config), (engine, random) -> {
            Decision d = ServiceSlateLog.await(engine.decide(new DecisionRequest(
                    ServiceSlateLog.PLACEMENT, ServiceSlateLog.T0, ZoneId.of("Europe/Berlin"),
                    "phone", "running", Map.of(), tracks, null, 3, null, rules), random));
            for (int k = 0; k < 3; k++) {
                ServiceSlateLog.await(engine.reward(new RewardRequest(d.eventId(),
                        d.choices().get(k).armId(), k == 1 ? 0 : 1)));
            }
        });

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", config.toString(),
                "--bootstrap", "20");

        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        return JSON.readTree(Files.readAllLines(log).get(0)).get("_outcomes");
    }

    /**
     * The candidate is the logger with the same (empty) model: pi = mu at every slot, so every
     * weight is 1 and each slot's IPS is its logged reward, the slate's their sum.
     */
    private void assertEveryWeightIsOne() {
        double[] rewards = {1, 0, 1};
        for (int k = 0; k < 3; k++) {
            assertThat(printed(cli.out(), "slot " + k + " (", "IPS")).isEqualTo(rewards[k]);
        }
        assertThat(printed(cli.out(), "whole slate", "IPS")).isEqualTo(2.0);
        assertThat(printed(cli.out(), "whole slate", "SNIPS")).isEqualTo(2.0);
    }

    @Test
    void linUcbUnderAnArtistLimitGivesEverySlotOfItsOwnFirstSlateWeightOne() throws Exception {
        List<Arm> tracks = List.of(track("sunrise-run", "kite", 172, 0.91),
                track("second-wind", "kite", 168, 0.88), track("gym-anthem", "volt", 128, 0.95),
                track("commute-pop", "volt", 118, 0.74), track("night-drive", "dusk", 96, 0.62),
                track("rainy-keys", "dusk", 84, 0.25));

        JsonNode outcomes = ownFirstSlate(PLAYLISTS, tracks,
                new SlateRules(Set.of(), "artist", 1));

        // one per artist: 6, then 4, then 2 tracks open; LinUCB's floor of 0.1 gives the best
        // 0.9 + 0.1 / 6 at slot 0, so the log is not uniform
        assertThat(outcomes).extracting(o -> o.get("_a").size()).containsExactly(6, 4, 2);
        assertThat(outcomes.get(0).get("_p").get(0).asDouble())
                .isCloseTo(0.9 + 0.1 / 6, within(1e-12));
        assertEveryWeightIsOne();
    }

    @Test
    void thompsonGivesEverySlotOfItsOwnFirstSlateItsExactProbability() throws Exception {
        String yaml = """
                placements:
                  playlist:
                    policy: {type: thompson}
                    buckets: [device]
                    maxCount: 5
                """;
        List<Arm> tracks = List.of(Arm.of("t1"), Arm.of("t2"), Arm.of("t3"), Arm.of("t4"),
                Arm.of("t5"));

        JsonNode outcomes = ownFirstSlate(yaml, tracks, SlateRules.NONE);

        // the engine's exact probabilities under Beta(1, 1) posteriors: 1/5, 1/4, 1/3 (the
        // vector of 1,000 draws would be off by a few percent, and so would the weights)
        assertThat(outcomes.get(0).get("_p").get(0).asDouble()).isCloseTo(0.2, within(1e-6));
        assertThat(outcomes.get(2).get("_p").get(0).asDouble()).isCloseTo(1 / 3.0,
                within(1e-6));
        assertEveryWeightIsOne();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{type: thompson}", "{type: thompson, floor: 0.02}"})
    void thompsonGivesASingleDecisionItsExactProbabilityToo(String policy) throws Exception {
        Path config = Files.writeString(dir.resolve("placement.yaml"), """
                placements:
                  playlist:
                    policy: %s
                    buckets: [device]
                """.formatted(policy));
        List<Arm> arms = List.of(Arm.of("t1"), Arm.of("t2"), Arm.of("t3"), Arm.of("t4"));
        Path log = ServiceSlateLog.write(dir, ConfigLoader.load(config), (engine, random) -> {
            Decision d = ServiceSlateLog.await(engine.decide(new DecisionRequest(
                    ServiceSlateLog.PLACEMENT, ServiceSlateLog.T0, ZoneId.of("Europe/Berlin"),
                    "phone", "running", Map.of(), arms, null, 1, null, SlateRules.NONE),
                    random));
            ServiceSlateLog.await(engine.reward(new RewardRequest(d.eventId(), null, 1)));
        });

        int code = cli.run("evaluate", "--log", log.toString(), "--policy", config.toString(),
                "--bootstrap", "20");

        // logger and candidate both hold Beta(1, 1) for every arm: exactly 1/4 each, with the
        // floor too (0.98 / 4 + 0.02 / 4), so the weight is 1 and IPS is the logged reward (a
        // vector of draws would miss it by percents)
        assertThat(code).as(cli.err()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(Files.readAllLines(log).get(0)).get("p").get(0).asDouble())
                .isCloseTo(0.25, within(1e-6));
        assertThat(printed(cli.out(), "", "IPS")).isCloseTo(1.0, within(1e-6));
    }
}
