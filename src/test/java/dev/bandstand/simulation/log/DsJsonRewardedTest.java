package dev.bandstand.simulation.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DsJsonRewardedTest {

    private final DsJsonWriter writer = new DsJsonWriter();
    private final Instant at = Instant.parse("2024-01-01T10:00:00Z");
    private final Context context = new Context(at, ZoneOffset.UTC, 10, "morning", "weekday",
            DayOfWeek.MONDAY, "phone", "resting", Map.of());

    private LoggedDecision decision(Double reward) {
        return new LoggedDecision("e1", at, context, List.of(Arm.of("a"), Arm.of("b"),
                Arm.of("c")), 1, new double[] {0.2, 0.5, 0.3}, reward, "7");
    }

    @Test
    void joiningARewardGivesTheLineTheWriterWritesForARewardedDecision() {
        String unrewarded = writer.line(decision(null), "k1");

        String joined = writer.rewarded(unrewarded, 0.75);

        assertThat(joined).isEqualTo(writer.line(decision(0.75), "k1"));
    }

    @Test
    void userKeyIsWrittenInTheContextAndIgnoredAsAFeature() {
        String line = writer.line(decision(1.0), "abc");

        LoggedDecision read = new DsJsonReader().parse("t", 1, line);

        assertThat(line).contains("\"c\":{\"_user\":\"abc\"");
        assertThat(read.context().features()).isEmpty();
    }

    @Test
    void aRewardedLineCannotBeRewardedAgain() {
        String rewarded = writer.line(decision(1.0));

        assertThatThrownBy(() -> writer.rewarded(rewarded, 0.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
