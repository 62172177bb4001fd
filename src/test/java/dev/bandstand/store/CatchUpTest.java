package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * When an instance that found Redis again stops answering events it cannot find as maybe
 * pending: once the reconnect grace is over and every other instance alive at the first
 * renewal since has renewed its heartbeat, let it lapse, or left; never on time alone.
 */
class CatchUpTest {

    private final CatchUp catchUp = CatchUp.withReconnectGrace(null,
            Duration.ofMinutes(5), Duration.ZERO);

    /** Triplets: instance, ms until its heartbeat lapses, when it last renewed. */
    private static Backlogs.Beat others(Object... triplets) {
        Map<String, Backlogs.Peer> peers = new TreeMap<>();
        for (int i = 0; i < triplets.length; i += 3) {
            peers.put((String) triplets[i],
                    new Backlogs.Peer((Long) triplets[i + 1], (Long) triplets[i + 2]));
        }
        return new Backlogs.Beat(peers);
    }

    @Test
    void anInstanceThatNeverLostRedisIsSettled() {
        assertThat(catchUp.settled()).isTrue();
        catchUp.heard(others("b", 3_000L, 100L));
        assertThat(catchUp.settled()).isTrue();
    }

    @Test
    void afterAnOutageItWaitsForTheFirstRenewalThenForEveryOtherInstanceToRenew() {
        catchUp.reachable();
        assertThat(catchUp.settled()).as("before any renewal told who the others are")
                .isFalse();

        catchUp.heard(others("b", 3_000L, 100L, "c", 2_000L, 90L));
        assertThat(catchUp.settled()).isFalse();

        // neither renewed, however long it takes
        catchUp.heard(others("b", 2_000L, 100L, "c", 1_000L, 90L));
        assertThat(catchUp.settled()).isFalse();

        // b renewed; c still has not
        catchUp.heard(others("b", 3_500L, 1_600L, "c", 500L, 90L));
        assertThat(catchUp.settled()).isFalse();

        catchUp.heard(others("b", 3_000L, 1_600L, "c", 3_400L, 1_900L));
        assertThat(catchUp.settled()).isTrue();
    }

    @Test
    void anInstanceWhoseHeartbeatLapsesOrThatLeavesIsNoLongerWaitedFor() {
        catchUp.reachable();
        catchUp.heard(others("b", 500L, 100L, "c", 2_000L, 200L));
        catchUp.heard(others("b", -100L, 100L, "c", 1_900L, 200L));
        assertThat(catchUp.settled()).as("c neither renewed nor lapsed").isFalse();

        catchUp.heard(others("b", -200L, 100L));
        assertThat(catchUp.settled()).isTrue();
    }

    @Test
    void anInstanceAlreadyLapsedOrWithoutARenewalAtTheFirstRenewalIsLeftToTheOtherRules() {
        catchUp.reachable();
        catchUp.heard(others("b", -4_000L, 100L, "c", 2_000L, -1L));
        assertThat(catchUp.settled()).isTrue();
    }

    @Test
    void anotherOutageStartsTheWaitAgain() {
        catchUp.reachable();
        catchUp.heard(others("b", 3_000L, 100L));
        catchUp.heard(others("b", 3_000L, 1_100L));
        assertThat(catchUp.settled()).isTrue();

        catchUp.reachable();
        assertThat(catchUp.settled()).isFalse();
        catchUp.heard(others("b", 3_000L, 1_100L));
        assertThat(catchUp.settled()).isFalse();
    }

    @Test
    void anInstanceKnownBeforeARedisThatLostItsDataIsWaitedForUntilItRenews() {
        catchUp.heard(others("b", 3_000L, 100L));
        catchUp.reachable();
        // Redis restarted empty: no heartbeat of b, which may still hold a backlog
        catchUp.heard(others());
        catchUp.heard(others());
        assertThat(catchUp.settled()).isFalse();

        catchUp.heard(others("b", 3_000L, 5_000L));
        assertThat(catchUp.settled()).isTrue();
    }

    @Test
    void aMissingInstanceIsWaitedForNoLongerThanThePartitionGrace() {
        CatchUp shortGrace = CatchUp.withReconnectGrace(null, Duration.ZERO, Duration.ZERO);
        shortGrace.heard(others("b", 3_000L, 100L));
        shortGrace.reachable();
        shortGrace.heard(others());
        assertThat(shortGrace.settled()).isFalse();

        shortGrace.heard(others());
        assertThat(shortGrace.settled()).isTrue();
    }

    @Test
    void theReconnectGraceStillHolds() {
        CatchUp slow = CatchUp.withReconnectGrace(null, Duration.ofMinutes(5),
                Duration.ofHours(1));
        slow.reachable();
        slow.heard(others());
        assertThat(slow.settled()).isFalse();
    }
}
