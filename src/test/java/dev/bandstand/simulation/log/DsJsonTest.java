package dev.bandstand.simulation.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DsJsonTest {

    static LoggedDecision decision(String eventId, Double reward) {
        Context context = new Context(Instant.parse("2024-03-10T07:15:30.5Z"),
                ZoneId.of("Europe/Berlin"), 8, "morning", "weekend", DayOfWeek.SUNDAY, "phone",
                "running", Map.of());
        List<Arm> arms = List.of(
                new Arm("a1", Map.of("tags", List.of("comedy"))),
                new Arm("a2", Map.of("tempo", 120.0)));
        return new LoggedDecision(eventId, context.timestamp(), context, arms, 1,
                new double[] {0.25, 0.75}, reward, "artwork/42");
    }

    @Test
    void aRewardedDecisionIsWrittenAsTheGoldenLine() {
        String line = new DsJsonWriter().line(decision("e1", 1.0));

        assertThat(line).isEqualTo("{\"_label_cost\":-1.0,\"_label_probability\":0.75,"
                + "\"_label_Action\":2,\"_labelIndex\":1,"
                + "\"o\":[{\"v\":1.0,\"EventId\":\"e1\",\"ActionTaken\":false}],"
                + "\"Timestamp\":\"2024-03-10T07:15:30.5000000Z\",\"Version\":\"1\","
                + "\"EventId\":\"e1\",\"a\":[2,1],"
                + "\"c\":{\"_zone\":\"Europe/Berlin\","
                + "\"Time\":{\"hour\":\"8\",\"partOfDay\":\"morning\",\"dayType\":\"weekend\","
                + "\"dayOfWeek\":\"sunday\"},"
                + "\"Situation\":{\"device\":\"phone\",\"activity\":\"running\"},"
                + "\"_multi\":[{\"_tag\":\"a1\",\"Arm\":{\"id\":\"a1\"},\"tags\":{\"comedy\":1}},"
                + "{\"_tag\":\"a2\",\"Arm\":{\"id\":\"a2\",\"tempo\":120.0}}]},"
                + "\"p\":[0.75,0.25],\"VWState\":{\"m\":\"artwork/42\"},"
                + "\"_original_label_cost\":-1.0}");
    }

    @Test
    void topLevelKeysComeInThePublishedOrder() throws Exception {
        // Key order of the joined CB events in VowpalWabbit/vowpal_wabbit
        // test/train-sets/dsjson_cb.json.
        List<String> published = List.of("_label_cost", "_label_probability", "_label_Action",
                "_labelIndex", "o", "Timestamp", "Version", "EventId", "a", "c", "p", "VWState",
                "_original_label_cost");

        String line = new DsJsonWriter().line(decision("e1", 0.0));
        List<String> keys = new ArrayList<>();
        new ObjectMapper().readTree(line).fieldNames().forEachRemaining(keys::add);

        assertThat(keys).containsExactlyElementsOf(published);
        assertThat(line).startsWith("{\"_label_cost\":-0.0,");
    }

    @Test
    void writerAndReaderRoundTrip() {
        LoggedDecision original = decision("e2", 0.4);

        LoggedDecision back = new DsJsonReader().parse("t", 1,
                new DsJsonWriter().line(original));

        assertThat(back.eventId()).isEqualTo("e2");
        assertThat(back.timestamp()).isEqualTo(original.timestamp());
        assertThat(back.context()).isEqualTo(original.context());
        assertThat(back.arms()).isEqualTo(original.arms());
        assertThat(back.chosen()).isEqualTo(1);
        assertThat(back.probabilities()).containsExactly(0.25, 0.75);
        assertThat(back.reward()).isEqualTo(0.4);
        assertThat(back.modelVersion()).isEqualTo("artwork/42");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"id, 5", "id, [a]", "Arm, [a]", "_tag, [a]", "_mine, [a]", "_mine, 5",
        "_tag, 5", "_a, 5", "_label_cost, 5"})
    void anArmFeatureTheShapeReservesIsNamedAndRefused(String name, String value) {
        Object feature = value.startsWith("[") ? List.of("a") : (Object) 5.0;
        LoggedDecision d = withArmFeature(name, feature);

        assertThat(DsJsonWriter.reservedArmFeature(name, feature)).isNotNull();
        assertThatThrownBy(() -> new DsJsonWriter().line(d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("arm a1, feature " + name + ": ");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"Arm, 5", "mine_, 5", "ids, 5", "Time, [a]", "Features, [a]"})
    void anArmFeatureTheShapeCanHoldRoundTrips(String name, String value) {
        Object feature = value.startsWith("[") ? List.of("a") : (Object) 5.0;
        LoggedDecision d = withArmFeature(name, feature);

        LoggedDecision back = new DsJsonReader().parse("t", 1, new DsJsonWriter().line(d));

        assertThat(DsJsonWriter.reservedArmFeature(name, feature)).isNull();
        assertThat(back.arms()).isEqualTo(d.arms());
    }

    private static LoggedDecision withArmFeature(String name, Object value) {
        LoggedDecision d = decision("e4", 1.0);
        List<Arm> arms = List.of(new Arm("a1", Map.of(name, value)), d.arms().get(1));
        return new LoggedDecision(d.eventId(), d.timestamp(), d.context(), arms, d.chosen(),
                d.probabilities(), d.reward(), d.modelVersion());
    }

    @Test
    void aDecisionWithoutRewardIsMarkedSkipLearnAndReadWithoutReward() {
        String line = new DsJsonWriter().line(decision("e3", null));

        LoggedDecision back = new DsJsonReader().parse("t", 1, line);

        assertThat(line).doesNotContain("_label_cost").contains("\"_skipLearn\":true");
        assertThat(back.rewarded()).isFalse();
    }

    @Test
    void aLineInThePublishedShapeFromAnotherProducerIsRead() {
        // Same shape as the lines of VW's test/train-sets/dsjson_cb.json; our own values.
        String line = "{\"_label_cost\":-1.0,\"_label_probability\":0.7,\"_label_Action\":3,"
                + "\"_labelIndex\":2,\"o\":[{\"v\":1.0,\"EventId\":\"ev-7\","
                + "\"ActionTaken\":false}],\"Timestamp\":\"2021-06-01T09:00:00.0000000Z\","
                + "\"Version\":\"1\",\"EventId\":\"ev-7\",\"a\":[3,1,2],"
                + "\"c\":{\"User\":[{\"mood\":\"calm\"}],\"_multi\":["
                + "{\"_tag\":\"Tea\",\"i\":{\"constant\":1,\"id\":\"Tea\"}},"
                + "{\"_tag\":\"Juice\",\"i\":{\"constant\":1,\"id\":\"Juice\"}},"
                + "{\"_tag\":\"Water\",\"i\":{\"constant\":1,\"id\":\"Water\"}}]},"
                + "\"p\":[0.7,0.15,0.15],\"VWState\":{\"m\":\"abc/def\"},"
                + "\"_original_label_cost\":-1.0}";

        LoggedDecision d = new DsJsonReader().parse("t", 1, line);

        assertThat(d.chosenArm().id()).isEqualTo("Water");
        assertThat(d.propensity()).isEqualTo(0.7);
        assertThat(d.probabilities()).containsExactly(0.15, 0.15, 0.7);
        assertThat(d.reward()).isEqualTo(1.0);
        assertThat(d.context().features()).containsEntry("User.mood", "calm");
        assertThat(d.context().partOfDay()).isEqualTo("morning");
        assertThat(d.context().dayType()).isEqualTo("weekday");
        assertThat(d.arms().get(0).features()).containsEntry("i.id", "Tea");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "propensity 0|\"p\":[0.75,0.25]|\"p\":[0,0.25]|p[0] must be in (0, 1]: 0.0",
        "negative propensity|\"p\":[0.75,0.25]|\"p\":[-0.1,0.25]|p[0] must be in (0, 1]",
        "propensity above 1|\"p\":[0.75,0.25]|\"p\":[1.5,0.25]|p[0] must be in (0, 1]: 1.5",
        "NaN propensity|\"p\":[0.75,0.25]|\"p\":[\"NaN\",0.25]|p[0] is NaN",
        "other probability above 1|\"p\":[0.75,0.25]|\"p\":[0.75,2]|p[1] must be in [0, 1]",
        "missing p|\"p\":[0.75,0.25],|''|missing field p",
        "missing a|\"a\":[2,1],|''|missing field a",
        "missing EventId|\"EventId\":\"e1\",\"a\"|\"a\"|missing field EventId",
        "missing Timestamp|\"Timestamp\":\"2024-03-10T07:15:30.5000000Z\",|''|"
                + "missing field Timestamp",
        "bad Timestamp|2024-03-10T07:15:30.5000000Z|yesterday|Timestamp is not",
        "short p|\"p\":[0.75,0.25]|\"p\":[0.75]|one entry per action",
        "a not a permutation|\"a\":[2,1]|\"a\":[2,2]|each action id",
        "label index disagrees|\"_labelIndex\":1|\"_labelIndex\":0|_labelIndex 0 disagrees",
        "label action disagrees|\"_label_Action\":2|\"_label_Action\":1|_label_Action 1",
        "label probability 0|\"_label_probability\":0.75|\"_label_probability\":0|"
                + "_label_probability must be in (0, 1]",
        "missing label index|\"_labelIndex\":1,|''|missing field _labelIndex",
        "not JSON|\"Version\":\"1\",|\"Version\":\"1\",,|not valid JSON",
        "bare NaN cost|\"_label_cost\":-1.0|\"_label_cost\":NaN|"
                + "not valid JSON: NaN and Infinity are not JSON numbers",
        "absurd cost|\"_label_cost\":-1.0|\"_label_cost\":-1e300|magnitude at most 1e9",
        "NaN cost as text|\"_label_cost\":-1.0|\"_label_cost\":\"NaN\"|"
                + "_label_cost must be finite: NaN",
        "infinite cost|\"_label_cost\":-1.0|\"_label_cost\":-1e400|_label_cost"
    })
    void aBadLineIsRejectedWithItsLineNumber(String name, String from, String to,
            String message, @TempDir Path dir) throws Exception {
        DsJsonWriter writer = new DsJsonWriter();
        String good = writer.line(decision("e1", 1.0));
        String bad = good.replace(from, to);
        assertThat(bad).as("fixture edit for " + name).isNotEqualTo(good);
        Path file = dir.resolve("log.dsjson");
        Files.write(file, List.of(good, "", good, bad, good));

        assertThatThrownBy(() -> new DsJsonReader().read(file))
                .isInstanceOf(LogFormatException.class)
                .hasMessageStartingWith("log.dsjson line 4: ")
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((LogFormatException) e).line()).isEqualTo(4));
    }

    @Test
    void aGoodFileIsReadInOrderSkippingBlankLines(@TempDir Path dir) throws Exception {
        DsJsonWriter writer = new DsJsonWriter();
        Path file = dir.resolve("log.dsjson");
        Files.write(file, List.of(writer.line(decision("x", 1.0)), "",
                writer.line(decision("y", 0.0))));

        List<LoggedDecision> all = new DsJsonReader().read(file);

        assertThat(all).extracting(LoggedDecision::eventId).containsExactly("x", "y");
    }
}
