package dev.bandstand.simulation.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CcbTest {

    private static final String CONTEXT = "\"c\":{\"_zone\":\"Europe/Berlin\","
            + "\"Time\":{\"hour\":\"8\",\"partOfDay\":\"morning\",\"dayType\":\"weekend\","
            + "\"dayOfWeek\":\"sunday\"},"
            + "\"Situation\":{\"device\":\"phone\",\"activity\":\"running\"},"
            + "\"_multi\":[{\"_tag\":\"a1\",\"Arm\":{\"id\":\"a1\"}},"
            + "{\"_tag\":\"a2\",\"Arm\":{\"id\":\"a2\"}},"
            + "{\"_tag\":\"a3\",\"Arm\":{\"id\":\"a3\"}}],"
            + "\"_slots\":[{\"_id\":\"e1/0\"},{\"_id\":\"e1/1\"}]}";

    /** Three candidates; slot 0 chose a3 of all three, slot 1 chose a1 of a1 and a2. */
    static LoggedSlate slate(Double first, Double second) {
        Context context = new Context(Instant.parse("2024-03-10T07:15:30.5Z"),
                ZoneId.of("Europe/Berlin"), 8, "morning", "weekend", DayOfWeek.SUNDAY, "phone",
                "running", Map.of());
        List<Arm> arms = List.of(Arm.of("a1"), Arm.of("a2"), Arm.of("a3"));
        return new LoggedSlate("e1", context.timestamp(), context, arms, List.of(
                new LoggedSlate.Position(new int[] {2, 0, 1}, new double[] {0.5, 0.25, 0.25},
                        first),
                new LoggedSlate.Position(new int[] {0, 1}, new double[] {0.75, 0.25}, second)),
                "artwork/7");
    }

    @Test
    void aSlateIsOneLineInTheCcbShape() {
        String line = new CcbWriter().line(slate(1.0, 0.0), (String) null);

        assertThat(line).isEqualTo("{\"Timestamp\":\"2024-03-10T07:15:30.5000000Z\","
                + "\"Version\":\"1\",\"EventId\":\"e1\"," + CONTEXT + ","
                + "\"_outcomes\":["
                + "{\"_label_cost\":-1.0,\"_id\":\"e1/0\",\"_a\":[2,0,1],\"_p\":[0.5,0.25,0.25],"
                + "\"_o\":[{\"v\":1.0,\"EventId\":\"e1/0\",\"ActionTaken\":false}]},"
                + "{\"_label_cost\":-0.0,\"_id\":\"e1/1\",\"_a\":[0,1],\"_p\":[0.75,0.25],"
                + "\"_o\":[{\"v\":0.0,\"EventId\":\"e1/1\",\"ActionTaken\":false}]}],"
                + "\"VWState\":{\"m\":\"artwork/7\"}}");
    }

    @Test
    void joiningRewardsIntoTheUnrewardedLineGivesTheRewardedLine() {
        CcbWriter writer = new CcbWriter();
        String unrewarded = writer.line(slate(null, null), "k1");

        String joined = writer.rewarded(unrewarded, new Double[] {1.0, null});

        assertThat(unrewarded).endsWith(",\"_skipLearn\":true}");
        assertThat(joined).isEqualTo(writer.line(slate(1.0, null), "k1"));
    }

    @Test
    void theLineIsReadBackAsOneDecisionPerSlot() {
        String line = new CcbWriter().line(slate(1.0, null), (String) null);

        LoggedSlate back = new DsJsonReader().parseSlate("t", 1, line);
        List<LoggedDecision> slots = new DsJsonReader().parseAll("t", 1, line);

        assertThat(back.arms()).extracting(Arm::id).containsExactly("a1", "a2", "a3");
        assertThat(back.positions().get(0).actions()).containsExactly(2, 0, 1);
        assertThat(back.positions().get(1).probabilities()).containsExactly(0.75, 0.25);
        assertThat(slots).hasSize(2);
        assertThat(slots.get(0).eventId()).isEqualTo("e1/0");
        assertThat(slots.get(0).chosenArm().id()).isEqualTo("a3");
        assertThat(slots.get(0).propensity()).isEqualTo(0.5);
        assertThat(slots.get(0).reward()).isEqualTo(1.0);
        assertThat(slots.get(1).arms()).extracting(Arm::id).containsExactly("a1", "a2");
        assertThat(slots.get(1).rewarded()).isFalse();
        assertThat(slots.get(1).context().device()).isEqualTo("phone");
    }

    @Test
    void aHandWrittenLineOfAnotherProducerIsRead() {
        // written by hand in the published shape: features in a GUser namespace, actions
        // without _tag, 0-based _a, one slot labelled
        String line = "{\"Timestamp\":\"2021-05-01T10:00:00.0000000Z\",\"Version\":\"1\","
                + "\"EventId\":\"x9\",\"c\":{\"GUser\":{\"plan\":\"free\"},"
                + "\"_multi\":[{\"TAction\":{\"topic\":\"jazz\"}},"
                + "{\"TAction\":{\"topic\":\"rock\"}}],"
                + "\"_slots\":[{\"_id\":\"s0\"},{\"_id\":\"s1\"}]},"
                + "\"_outcomes\":[{\"_label_cost\":-0.5,\"_id\":\"s0\",\"_a\":[1,0],"
                + "\"_p\":[0.9,0.1],\"_o\":[{\"v\":0.5,\"EventId\":\"s0\","
                + "\"ActionTaken\":false}]},{\"_id\":\"s1\",\"_a\":[0],\"_p\":[1.0]}],"
                + "\"VWState\":{\"m\":\"N/A\"}}";

        List<LoggedDecision> slots = new DsJsonReader().parseAll("t", 3, line);

        assertThat(slots).hasSize(2);
        assertThat(slots.get(0).chosenArm().id()).isEqualTo("action-2");
        assertThat(slots.get(0).chosenArm().features()).containsEntry("TAction.topic", "rock");
        assertThat(slots.get(0).reward()).isEqualTo(0.5);
        assertThat(slots.get(0).propensity()).isEqualTo(0.9);
        assertThat(slots.get(0).context().features()).containsEntry("GUser.plan", "free");
        assertThat(slots.get(1).chosenArm().id()).isEqualTo("action-1");
        assertThat(slots.get(1).rewarded()).isFalse();
    }

    @Test
    void badSlotsAreRejectedWithTheLineNamed() {
        String good = new CcbWriter().line(slate(1.0, 0.0), (String) null);
        DsJsonReader reader = new DsJsonReader();

        assertThatThrownBy(() -> reader.parseAll("log", 4,
                good.replace("\"_a\":[0,1]", "\"_a\":[0,3]")))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("4").hasMessageContaining("_outcomes[1]._a");
        assertThatThrownBy(() -> reader.parseAll("log", 5,
                good.replace("\"_p\":[0.5,", "\"_p\":[0.0,")))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("5").hasMessageContaining("_outcomes[0]._p[0]");
        assertThatThrownBy(() -> reader.parse("log", 6, good))
                .isInstanceOf(LogFormatException.class).hasMessageContaining("parseAll");
    }

    @Test
    void aSlotMayNotOfferAnArmAnEarlierSlotChose() {
        String good = new CcbWriter().line(slate(1.0, 0.0), (String) null);
        DsJsonReader reader = new DsJsonReader();

        // slot 0 chose a3 (index 2); slot 1 may not log it as chosen or as open
        assertThatThrownBy(() -> reader.parseSlate("log", 7,
                good.replace("\"_a\":[0,1]", "\"_a\":[2,1]")))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("log line 7: _outcomes[1]._a[0] = 2 is not among the slot's"
                        + " remaining candidates: an earlier slot chose it");
        assertThatThrownBy(() -> reader.parseSlate("log", 8,
                good.replace("\"_a\":[0,1]", "\"_a\":[0,2]")))
                .isInstanceOf(LogFormatException.class)
                .hasMessageContaining("line 8: _outcomes[1]._a[1] = 2");
    }

    @Test
    void aMissingSlotFieldIsNamedWithItsSlot() {
        String good = new CcbWriter().line(slate(1.0, 0.0), (String) null);
        DsJsonReader reader = new DsJsonReader();

        assertThatThrownBy(() -> reader.parseSlate("log", 9,
                good.replace("\"_p\":[0.75,0.25]", "\"_q\":[0.75,0.25]")))
                .isInstanceOf(LogFormatException.class)
                .hasMessage("log line 9: missing field _outcomes[1]._p");
    }

    @Test
    void aContextualBanditLineIsASlateOfOneSlotAndBack() {
        LoggedDecision d = new LoggedDecision("e3", Instant.parse("2024-03-10T07:15:30Z"),
                slate(1.0, 0.0).context(), slate(1.0, 0.0).arms(), 1,
                new double[] {0.2, 0.5, 0.3}, 1.0, "m");

        LoggedSlate s = LoggedSlate.of(d);

        assertThat(s.positions()).hasSize(1);
        assertThat(s.positions().get(0).actions()).containsExactly(1, 0, 2);
        assertThat(s.positions().get(0).probabilities()).containsExactly(0.5, 0.2, 0.3);
        assertThat(s.decision()).usingRecursiveComparison().isEqualTo(d);
        assertThatThrownBy(() -> slate(1.0, 0.0).decision())
                .isInstanceOf(IllegalStateException.class);
    }
}
