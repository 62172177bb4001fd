package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.policy.LinearUpdate;
import dev.bandstand.policy.TabularUpdate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecentDecisionsTest {

    @Test
    void aHeldDecisionComesBackEqualToTheOneMade() {
        RecentDecisions recent = new RecentDecisions(10);
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
        RecentDecisions recent = new RecentDecisions(10);

        recent.put(d);

        assertThat(recent.get("e1").slots().get(0).probability()).isEqualTo(0.3125);
        assertThat(recent.get("e1").slots().get(0).probability()).isEqualTo(0.3125);
        assertThat(reads).hasValue(1);
    }

    @Test
    void aDecisionAskedForTwiceInARowIsDecodedOnceAndADroppedLogIsNotServedFromTheMemo() {
        RecentDecisions recent = new RecentDecisions(10);
        PendingDecision logged = Decisions.linear("tracks", "e1", "t-1", 1.0);
        recent.put(logged);

        PendingDecision first = recent.get("e1");
        PendingDecision second = recent.get("e1");
        recent.dropLog("e1");

        assertThat(second).isSameAs(first);
        assertThat(recent.get("e1").log()).isNull();
    }

    @Test
    void theOldestIsDroppedBeyondTheBound() {
        RecentDecisions recent = new RecentDecisions(2);
        for (String id : List.of("e1", "e2", "e3")) {
            recent.put(Decisions.tabular("artwork", id, "art-1", Duration.ofSeconds(60), null));
        }

        assertThat(recent.holds("e1")).isFalse();
        assertThat(recent.get("e2")).isNotNull();
        assertThat(recent.get("e3")).isNotNull();
    }

    @Test
    void droppingTheLogKeepsTheRestAndItsPlaceInTheOrder() {
        RecentDecisions recent = new RecentDecisions(2);
        PendingDecision logged = Decisions.linear("tracks", "e1", "t-1", 1.0);
        recent.put(logged);
        recent.put(Decisions.tabular("artwork", "e2", "art-1", Duration.ofSeconds(60), null));

        recent.dropLog("e1");
        recent.dropLog("e9");
        recent.put(Decisions.tabular("artwork", "e3", "art-1", Duration.ofSeconds(60), null));

        assertThat(recent.holds("e1")).isFalse();
        assertThat(recent.holds("e9")).isFalse();
        recent.put(logged);
        recent.dropLog("e1");
        assertSame(recent.get("e1"), logged.withoutLog());
        assertThat(recent.get("e1").log()).isNull();
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
