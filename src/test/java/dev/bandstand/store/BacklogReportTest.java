package dev.bandstand.store;

import static dev.bandstand.store.Decisions.T0;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bandstand.store.RewardOutcome.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BacklogReportTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RedisStatsStore.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void listen() {
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(events);
    }

    private static Outbox.Reward reward(String id, double value) {
        return new Outbox.Reward(id, null, value, T0);
    }

    private static RewardOutcome outcome(Status status, double reward) {
        return new RewardOutcome(status, null, null, reward, 7);
    }

    @Test
    void aBacklogsRewardsThatChangedNothingAreOneWarningWithCountsAndTheFirstIds() {
        BacklogReport report = new BacklogReport();

        for (int i = 0; i < 7; i++) {
            report.add(reward("same" + i, 1), outcome(Status.DUPLICATE, 1));
        }
        report.add(reward("other", 1), outcome(Status.DUPLICATE, 0.25));
        report.add(reward("old", 1), outcome(Status.DUPLICATE, Double.NaN));
        report.add(reward("late", 1), outcome(Status.EXPIRED, Double.NaN));
        report.add(reward("fine", 1), outcome(Status.APPLIED, 1));
        report.log("i-1");
        report.log("i-1");

        assertThat(events.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getFormattedMessage()).contains(
                    "backlog of instance i-1 written", "10 of its buffered rewards",
                    "9 found their slot rewarded already, and the reward written first stays",
                    "7 with the same value: [same0, same1, same2, same3, same4]",
                    "1 with another value: [other (buffered 1.0, applied 0.25)]",
                    "1 with a value Redis did not keep: [old]",
                    "1 came after the end of the wait: [late]")
                    .doesNotContain("same5", "fine");
        });
    }

    @Test
    void aBacklogWhoseRewardsAllAppliedLogsNothing() {
        BacklogReport report = new BacklogReport();

        for (String id : List.of("a", "b")) {
            report.add(reward(id, 1), outcome(Status.APPLIED, 1));
        }
        report.log("i-1");

        assertThat(events.list).isEmpty();
    }
}
