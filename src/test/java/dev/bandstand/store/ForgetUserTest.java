package dev.bandstand.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.policy.TabularUpdate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryStatsStore#forgetUser}: every remembered decision of the person loses its
 * log payload, waiting, rewarded or settled; other people's decisions keep theirs.
 */
class ForgetUserTest {

    private static final Instant NOW = Instant.parse("2024-03-01T08:00:00Z");
    private static final String ALICE = "a1".repeat(32);
    private static final String BOB = "b2".repeat(32);

    private final InMemoryStatsStore store = new InMemoryStatsStore();

    private PendingDecision decision(String id, String userKey) {
        Slot slot = new Slot("a", 0.5, new TabularUpdate("a", List.of("morning/phone")));
        return new PendingDecision(id, "artwork", NOW, NOW.plusSeconds(60), 1, null,
                List.of(slot), "u:" + userKey + "\n{\"line\":" + id.length() + "}");
    }

    @Test
    void forgottenUserIsAbsentFromEveryRememberedDecision() {
        store.recordDecision(decision("waiting", ALICE));
        store.recordDecision(decision("rewarded", ALICE));
        store.recordDecision(decision("another", ALICE));
        store.recordDecision(decision("other", BOB));
        store.applyReward("rewarded", null, 1.0, NOW);

        int changed = store.forgetUser(ALICE).result();
        int again = store.forgetUser(ALICE).result();

        assertThat(changed).isEqualTo(3);
        assertThat(again).isZero();
        for (String id : List.of("waiting", "rewarded", "another")) {
            assertThat(store.decision(id).result().log()).isNull();
        }
        assertThat(store.decision("other").result().carriesUser(BOB)).isTrue();
    }

    @Test
    void settlingAForgottenDecisionCarriesNoPayload() {
        store.recordDecision(decision("waiting", ALICE));

        store.forgetUser(ALICE);
        List<RewardOutcome> settled = store.expireDue(NOW.plusSeconds(61), 10).result();

        assertThat(settled).hasSize(1);
        assertThat(settled.get(0).decision().log()).isNull();
    }

    @Test
    void aKeyThatOnlyStartsLikeAnotherDoesNotMatch() {
        PendingDecision d = decision("x", ALICE + "ff");

        assertThat(d.carriesUser(ALICE)).isFalse();
        assertThat(d.carriesUser(ALICE + "ff")).isTrue();
    }
}
