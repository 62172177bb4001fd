package dev.bandstand.store;

import static dev.bandstand.store.StatsStoreContract.PLACEMENT;
import static dev.bandstand.store.StatsStoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * What every store does with an arm added past the placement's limit: it counts the arms the
 * placement offers (configured, plus added, minus retired) and refuses a new one, changing
 * nothing, in the same atomic step that would keep it; an arm already offered may always be
 * replaced.
 */
public abstract class ArmLimitContract extends StoreFixture {

    private static final List<String> CONFIGURED = List.of("a", "b", "c");

    @Test
    void anArmBeyondTheLimitIsRefusedAndChangesNothing() throws Exception {
        ArmLimit five = new ArmLimit(CONFIGURED, 5);
        ArmAddition d = await(store.addArm(PLACEMENT, "d", "{}", five));
        ArmAddition e = await(store.addArm(PLACEMENT, "e", "{}", five));

        ArmAddition f = await(store.addArm(PLACEMENT, "f", "{}", five));

        assertThat(List.of(d, e, f)).containsExactly(new ArmAddition(true, 4),
                new ArmAddition(true, 5), new ArmAddition(false, 5));
        assertThat(await(store.arms(PLACEMENT)))
                .isEqualTo(new ArmRoster(Map.of("d", "{}", "e", "{}"), Set.of()));
    }

    @Test
    void aRetiredArmBroughtBackCountsAsNewAndStaysRetiredWhenRefused() throws Exception {
        ArmLimit four = new ArmLimit(CONFIGURED, 4);
        await(store.retireArm(PLACEMENT, "a"));
        await(store.addArm(PLACEMENT, "d", "{}", four));
        await(store.addArm(PLACEMENT, "e", "{}", four));

        ArmAddition back = await(store.addArm(PLACEMENT, "a", "{}", four));

        assertThat(back).isEqualTo(new ArmAddition(false, 4));
        assertThat(await(store.arms(PLACEMENT)))
                .isEqualTo(new ArmRoster(Map.of("d", "{}", "e", "{}"), Set.of("a")));
    }

    @Test
    void anArmTheFullPlacementOffersIsReplacedAndCountedOnce() throws Exception {
        ArmLimit four = new ArmLimit(CONFIGURED, 4);
        await(store.addArm(PLACEMENT, "d", "{}", four));

        ArmAddition added = await(store.addArm(PLACEMENT, "d", "{\"features\":{}}", four));
        ArmAddition configured = await(store.addArm(PLACEMENT, "a", "{}", four));
        ArmAddition beyond = await(store.addArm(PLACEMENT, "e", "{}", four));

        assertThat(List.of(added, configured, beyond)).containsExactly(
                new ArmAddition(true, 4), new ArmAddition(true, 4), new ArmAddition(false, 4));
        assertThat(await(store.arms(PLACEMENT)).added())
                .isEqualTo(Map.of("a", "{}", "d", "{\"features\":{}}"));
    }

    @Test
    void aRetiredConfiguredArmMakesRoom() throws Exception {
        ArmLimit three = new ArmLimit(CONFIGURED, 3);
        ArmAddition full = await(store.addArm(PLACEMENT, "d", "{}", three));

        await(store.retireArm(PLACEMENT, "b"));
        ArmAddition roomMade = await(store.addArm(PLACEMENT, "d", "{}", three));

        assertThat(full).isEqualTo(new ArmAddition(false, 3));
        assertThat(roomMade).isEqualTo(new ArmAddition(true, 3));
    }

    @Test
    void additionsRacingFromSeveralThreadsNeverPassTheLimit() throws Exception {
        ArmLimit six = new ArmLimit(CONFIGURED, 6);
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<CompletableFuture<Future<ArmAddition>>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String id = "new-" + i;
                calls.add(CompletableFuture.supplyAsync(
                        () -> store.addArm(PLACEMENT, id, "{}", six), threads));
            }
            List<ArmAddition> outcomes = new ArrayList<>();
            for (var call : calls) {
                outcomes.add(await(call.join()));
            }

            assertThat(outcomes).filteredOn(ArmAddition::kept).extracting(ArmAddition::active)
                    .containsExactlyInAnyOrder(4, 5, 6);
            assertThat(outcomes).filteredOn(o -> !o.kept()).hasSize(37)
                    .allMatch(o -> o.active() == 6);
            assertThat(await(store.arms(PLACEMENT)).added()).hasSize(3);
        } finally {
            threads.shutdownNow();
        }
    }
}
