package dev.bandstand.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.CcbWriter;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.LoggedSlate;
import dev.bandstand.simulation.log.RotatingDecisionLog;
import dev.bandstand.store.PendingDecision;
import dev.bandstand.store.RewardOutcome;
import dev.bandstand.store.Slot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal gathers a slate's slot rewards into one CCB line. */
class SlateLogTest {

    private static final Instant T0 = Instant.parse("2024-03-10T07:00:00Z");

    @TempDir
    Path dir;

    private DecisionLogWriter writer;
    private DecisionJournal journal;

    @BeforeEach
    void openLog() {
        writer = new DecisionLogWriter(dir, RotatingDecisionLog.Rotation.NONE, 1 << 20, 100,
                java.time.Clock.systemUTC());
        journal = DecisionJournal.writingTo(writer, UserKeys.generated(new SecureRandom()));
    }

    @AfterEach
    void closeLog() {
        writer.close();
    }

    private PendingDecision slate(String eventId, String userKey) {
        Context context = new Context(T0, ZoneOffset.UTC, 7, "morning", "weekend",
                DayOfWeek.SUNDAY, "phone", "unknown", Map.of());
        LoggedSlate s = new LoggedSlate(eventId, T0, context, List.of(Arm.of("a"), Arm.of("b")),
                List.of(new LoggedSlate.Position(new int[] {1, 0}, new double[] {0.5, 0.5}, null),
                        new LoggedSlate.Position(new int[] {0}, new double[] {1.0}, null)), "3");
        String log = "u:" + userKey + "\n" + new CcbWriter().line(s, userKey);
        return new PendingDecision(eventId, "art", T0, T0.plus(Duration.ofMinutes(10)), 1.0,
                null, List.of(slot("b", 0.5), slot("a", 1.0)), log);
    }

    private static Slot slot(String arm, double p) {
        return new Slot(arm, p, new TabularUpdate(arm, List.of("")));
    }

    private static RewardOutcome applied(PendingDecision d, int k, double reward) {
        return new RewardOutcome(RewardOutcome.Status.APPLIED, d, d.slots().get(k), reward, 1);
    }

    private List<LoggedDecision> logged() throws Exception {
        writer.flush().get();
        Path file = dir.resolve("art.dsjson");
        return Files.exists(file) ? new DsJsonReader().read(file) : List.of();
    }

    @Test
    void aSlateIsWrittenOnceEverySlotHasSettled() throws Exception {
        PendingDecision d = slate("e1", "k1");

        journal.settled(applied(d, 1, 0.0));
        List<LoggedDecision> early = logged();
        journal.settled(applied(d, 0, 1.0));
        List<LoggedDecision> done = logged();

        assertThat(early).isEmpty();
        assertThat(done).extracting(LoggedDecision::eventId).containsExactly("e1/0", "e1/1");
        assertThat(done).extracting(LoggedDecision::reward).containsExactly(1.0, 0.0);
    }

    @Test
    void aLateRewardIsWrittenWithTheSlotsItReachedAsTheirDefaults() throws Exception {
        PendingDecision d = slate("e1", "k1");
        RewardOutcome late = new RewardOutcome(RewardOutcome.Status.APPLIED, d,
                d.slots().get(1), 0.75, 3, true, true, List.of(applied(d, 0, 0.25)));

        journal.settled(late);
        List<LoggedDecision> lines = logged();

        assertThat(lines).extracting(LoggedDecision::eventId).containsExactly("e1/0", "e1/1");
        assertThat(lines).extracting(LoggedDecision::reward).containsExactly(0.25, 0.75);
    }

    @Test
    void aSlotSettledTwiceWhileItsSlateGathersCountsOnceAndKeepsItsLaterOutcome()
            throws Exception {
        PendingDecision d = slate("e1", "k1");

        // dropped by a sweep here, then a late reward for it, before slot 0 settles
        journal.settled(new RewardOutcome(RewardOutcome.Status.DROPPED, d, d.slots().get(1),
                Double.NaN, 1));
        journal.settled(applied(d, 1, 0.5));
        List<LoggedDecision> early = logged();
        journal.settled(applied(d, 0, 1.0));
        List<LoggedDecision> done = logged();

        assertThat(early).isEmpty();
        assertThat(done).extracting(LoggedDecision::reward).containsExactly(1.0, 0.5);
    }

    @Test
    void aSlatePartlySettledHereIsWrittenAfterItsExpiryAndAForgottenUsersIsNot()
            throws Exception {
        PendingDecision kept = slate("e1", "k1");
        PendingDecision forgotten = slate("e2", "k2");
        journal.settled(applied(kept, 0, 1.0));
        journal.settled(applied(forgotten, 0, 1.0));

        journal.forget("k2").toCompletionStage().toCompletableFuture().get();
        int beforeExpiry = journal.flushExpired(T0.plus(Duration.ofMinutes(10)),
                Duration.ofMinutes(1));
        int afterExpiry = journal.flushExpired(T0.plus(Duration.ofMinutes(12)),
                Duration.ofMinutes(1));

        assertThat(beforeExpiry).isZero();
        assertThat(afterExpiry).isEqualTo(1);
        List<LoggedDecision> lines = logged();
        assertThat(lines).extracting(LoggedDecision::eventId).containsExactly("e1/0", "e1/1");
        assertThat(lines.get(0).reward()).isEqualTo(1.0);
        assertThat(lines.get(1).rewarded()).isFalse();
    }
}
