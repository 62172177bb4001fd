package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.TabularUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentDecisionsTest {

    private static final int RING = 64 << 10;

    @Test
    void aHeldDecisionComesBackEqualToTheOneMade() {
        RecentDecisions recent = new RecentDecisions(RING);
        PendingDecision tabular = Decisions.tabular("artwork", "e1", "art-2",
                Duration.ofSeconds(90), 0.0);
        PendingDecision linear = Decisions.linear("tracks", "e2", "t-1", 1.75);
        PendingDecision slate = Decisions.slate("playlist", "e3", List.of("a", "b", "c"),
                Duration.ofMinutes(5), null);

        recent.put(tabular);
        recent.put(linear, PendingCodec.encode(linear));
        recent.put(slate);

        assertThat(recent.get("e1")).isEqualTo(tabular);
        assertSame(recent.get("e2"), linear);
        assertThat(recent.get("e3")).isEqualTo(slate);
        assertThat(recent.get("e4")).isNull();
        assertThat(recent.holds("e3")).isTrue();
        assertThat(recent.holds("e4")).isFalse();
    }

    @Test
    void aProbabilityComputedOnDemandIsReadOnceAndKept() {
        AtomicInteger reads = new AtomicInteger();
        Slot slot = new Slot("art-1", () -> {
            reads.incrementAndGet();
            return 0.3125;
        }, new TabularUpdate("art-1", Decisions.BUCKETS));
        PendingDecision d = new PendingDecision("e1", "artwork", Decisions.T0,
                Decisions.T0.plusSeconds(60), 1.0, 0.0, List.of(slot), null);
        RecentDecisions recent = new RecentDecisions(RING);

        recent.put(d);

        assertThat(recent.get("e1").slots().get(0).probability()).isEqualTo(0.3125);
        assertThat(recent.get("e1").slots().get(0).probability()).isEqualTo(0.3125);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aDecisionAskedForTwiceInARowIsDecodedOnceAndADroppedLogIsNotServedFromTheMemo() {
        RecentDecisions recent = new RecentDecisions(RING);
        PendingDecision logged = Decisions.linear("tracks", "e1", "t-1", 1.0);
        recent.put(logged);

        PendingDecision first = recent.get("e1");
        PendingDecision second = recent.get("e1");
        recent.dropLog("e1");

        assertThat(second).isSameAs(first);
        assertThat(recent.get("e1").log()).isNull();
    }

    @Test
    void theOldestIsDroppedWhenTheRingsBytesAreFull() {
        List<PendingDecision> made = new ArrayList<>();
        for (int i = 100; i <= 100 + RecentDecisions.LARGEST_ENTRY_DIVISOR; i++) {
            made.add(Decisions.tabular("artwork", "e" + i, "art-1", Duration.ofSeconds(60),
                    null));
        }
        // every entry the same size, the ring exactly the room of all but one, the index more
        int entry = (int) RecordRing.entryBytes(4, PendingCodec.encode(made.get(0)).length);
        RecentDecisions recent = new RecentDecisions(entry * (made.size() - 1), 1000);

        made.forEach(recent::put);

        assertThat(recent.holds("e100")).isFalse();
        assertThat(recent.get("e100")).isNull();
        for (PendingDecision d : made.subList(1, made.size())) {
            assertThat(recent.get(d.eventId())).isEqualTo(d);
        }
    }

    @Test
    void theOldestIsDroppedBeyondTheCountTheIndexHasRoomFor() {
        RecentDecisions recent = new RecentDecisions(RING, 2);
        for (String id : List.of("e1", "e2", "e3")) {
            recent.put(Decisions.tabular("artwork", id, "art-1", Duration.ofSeconds(60), null));
        }

        assertThat(recent.holds("e1")).isFalse();
        assertThat(recent.get("e2")).isNotNull();
        assertThat(recent.get("e3")).isNotNull();
    }

    @Test
    void droppingTheLogKeepsTheRestAndMakesItTheNewest() {
        RecentDecisions recent = new RecentDecisions(RING, 2);
        PendingDecision logged = Decisions.linear("tracks", "e1", "t-1", 1.0);
        recent.put(logged);
        recent.put(Decisions.tabular("artwork", "e2", "art-1", Duration.ofSeconds(60), null));

        recent.dropLog("e1");
        recent.dropLog("e9");
        recent.put(Decisions.tabular("artwork", "e3", "art-1", Duration.ofSeconds(60), null));

        assertThat(recent.holds("e2")).isFalse();
        assertThat(recent.holds("e9")).isFalse();
        assertSame(recent.get("e1"), logged.withoutLog());
        recent.put(logged);
        assertThat(recent.get("e1").log()).isEqualTo(logged.log());
        recent.dropLog("e1");
        assertSame(recent.get("e1"), logged.withoutLog());
        assertThat(recent.get("e1").log()).isNull();
    }

    @Test
    void aDecisionHeldAgainIsTheOneReturnedEvenAfterTheOldOneWasDecoded() {
        RecentDecisions recent = new RecentDecisions(RING);
        PendingDecision first = Decisions.tabular("artwork", "e1", "art-1",
                Duration.ofSeconds(60), null);
        PendingDecision second = Decisions.tabular("artwork", "e1", "art-2",
                Duration.ofSeconds(90), 0.5);
        recent.put(first);
        recent.get("e1");

        recent.put(second);

        assertThat(recent.get("e1")).isEqualTo(second);
        assertThat(recent.get("e1")).isEqualTo(second);
    }

    @Test
    void aDecisionLargerThanItsShareOfTheRingIsNotHeldAndHidesTheCopyBeforeIt() {
        RecentDecisions recent = new RecentDecisions(RING);
        int share = RING / RecentDecisions.LARGEST_ENTRY_DIVISOR;
        PendingDecision small = Decisions.linear("tracks", "e1", "t-1", 1.0);
        PendingDecision large = withLog(small, "u:\n" + "x".repeat(share));
        PendingDecision other = Decisions.tabular("artwork", "e2", "art-1",
                Duration.ofSeconds(60), null);
        recent.put(small);
        recent.put(other);

        recent.put(large);
        recent.put(new PendingDecision("e3", "artwork", Decisions.T0, Decisions.T0, 1.0, null,
                other.slots(), "u:\n" + "z".repeat(share)));

        assertThat(recent.holds("e1")).isFalse();
        assertThat(recent.get("e1")).isNull();
        assertThat(recent.get("e2")).isEqualTo(other);
        assertThat(recent.holds("e3")).isFalse();
    }

    private static PendingDecision withLog(PendingDecision d, String log) {
        return new PendingDecision(d.eventId(), d.placement(), d.decidedAt(), d.expiresAt(),
                d.weight(), d.defaultReward(), d.slots(), log);
    }

    /** Equal field by field; a linear update's vector compared by its values. */
    private static void assertSame(PendingDecision actual, PendingDecision expected) {
        assertThat(actual).usingRecursiveComparison().ignoringFields("slots")
                .isEqualTo(expected);
        assertThat(actual.slots()).hasSameSizeAs(expected.slots());
        for (int i = 0; i < expected.slots().size(); i++) {
            Slot a = actual.slots().get(i);
            Slot e = expected.slots().get(i);
            assertThat(a.armId()).isEqualTo(e.armId());
            assertThat(a.probability()).isEqualTo(e.probability());
            assertThat(((LinearUpdate) a.update()).x())
                    .containsExactly(((LinearUpdate) e.update()).x());
        }
    }
}
