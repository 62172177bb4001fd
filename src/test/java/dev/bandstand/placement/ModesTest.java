package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.await;
import static dev.bandstand.placement.Engines.engine;
import static dev.bandstand.placement.Engines.placement;
import static dev.bandstand.placement.Engines.request;
import static dev.bandstand.placement.Engines.training;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bandstand.policy.StatsFields;
import dev.bandstand.store.InMemoryStatsStore;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ModesTest {

    private final SplittableRandom random = new SplittableRandom(5);

    /** Teaches the engine that b pays 1 and a and c pay 0, with a uniform policy. */
    private void teach(Placements engine, int rounds) throws Exception {
        for (int i = 0; i < rounds; i++) {
            Decision d = await(engine.decide(request("u", null, false, "a", "b", "c"), random));
            double value = d.choices().get(0).armId().equals("b") ? 1 : 0;
            await(engine.reward(new RewardRequest(d.eventId(), null, value)));
        }
    }

    @Test
    void bestModeChoosesTheBestArmWithProbabilityOneNeverExploresAndDoesNotTrain()
            throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements engine = engine(store, placement("softmax", Map.of(), null));
        teach(engine, 60);
        Map<String, Double> before = training(await(store.snapshot("art")).sums());

        for (int i = 0; i < 50; i++) {
            Decision d = await(engine.decide(request("u", "best", false, "a", "b", "c"),
                    random));
            assertThat(d.choices().get(0).armId()).isEqualTo("b");
            assertThat(d.choices().get(0).probability()).isEqualTo(1.0);
            assertThat(d.explored()).isFalse();
            assertThat(d.mode()).isEqualTo("best");
            await(engine.reward(new RewardRequest(d.eventId(), null, 0)));
        }

        Map<String, Double> sums = await(store.snapshot("art")).sums();
        assertThat(training(sums)).isEqualTo(before);
        assertThat(sums).containsEntry(StatsFields.group(Serving.BEST_GROUP, 'e'), 50.0)
                .containsEntry(StatsFields.group(Serving.BEST_GROUP, 'n'), 50.0);
    }

    @Test
    void slateExplanationsAgreeWithTheDecisionOnExploring() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(),
                placement("epsilon-greedy", Map.of("epsilon", 0.0), null));
        teach(engine, 30);
        DecisionRequest one = request("u", "best", true, "a", "b", "c");

        Decision best = await(engine.decide(slate(one, "best"), random));
        Decision greedy = await(engine.decide(slate(one, null), random));

        // a greedy slate takes, at each slot, the best of the arms still open there
        for (Decision d : new Decision[] {best, greedy}) {
            assertThat(d.explored()).isFalse();
            assertThat(d.explanations()).hasSize(3)
                    .allSatisfy(e -> assertThat(e.explored()).isFalse());
        }
    }

    private static DecisionRequest slate(DecisionRequest r, String mode) {
        return new DecisionRequest(r.placement(), r.timestamp(), r.timeZone(), r.device(),
                r.activity(), r.features(), r.candidates(), r.userId(), 3, r.eventId(),
                r.rules(), mode, true);
    }

    @Test
    void bestModeSplitsTiedArmsEvenly() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(), placement("ucb1", Map.of(), null));

        Decision d = await(engine.decide(request("u", "best", false, "a", "b", "c", "d"),
                random));

        assertThat(d.choices().get(0).probability()).isEqualTo(0.25);
    }

    @Test
    void baselineServesTheFirstCandidateAndCountsAgreementExactly() throws Exception {
        InMemoryStatsStore store = new InMemoryStatsStore();
        // greedy after teaching: the policy's shadow draw is always b
        Placements engine = engine(store,
                placement("epsilon-greedy", Map.of("epsilon", 0.0), null));
        for (String first : new String[] {"a", "b", "c"}) {
            Decision d = await(engine.decide(request("u", null, false, first), random));
            await(engine.reward(new RewardRequest(d.eventId(), null,
                    first.equals("b") ? 1 : 0)));
        }
        Map<String, Double> before = training(await(store.snapshot("art")).sums());

        for (int i = 0; i < 7; i++) {
            Decision d = await(engine.decide(request("u", "baseline", false, "a", "b", "c"),
                    random));
            assertThat(d.choices().get(0).armId()).isEqualTo("a");
            assertThat(d.choices().get(0).probability()).isEqualTo(1.0);
            assertThat(d.explored()).isFalse();
            assertThat(d.mode()).isEqualTo("baseline");
            await(engine.reward(new RewardRequest(d.eventId(), null, 0)));
        }
        Map<String, Double> disagreed = training(await(store.snapshot("art")).sums());
        for (int i = 0; i < 3; i++) {
            Decision d = await(engine.decide(request("u", "baseline", false, "b", "a", "c"),
                    random));
            assertThat(d.choices().get(0).armId()).isEqualTo("b");
            await(engine.reward(new RewardRequest(d.eventId(), null, 1)));
        }

        ExperimentReport.Modes modes = await(engine.experimentReport("art")).modes();
        assertThat(modes.baselineDecisions()).isEqualTo(10);
        assertThat(modes.baselineAgreed()).isEqualTo(3);
        assertThat(modes.agreement()).isEqualTo(0.3);
        // disagreeing rounds did not train; agreeing ones did
        assertThat(disagreed).isEqualTo(before);
        Map<String, Double> after = await(store.snapshot("art")).sums();
        assertThat(after.get(StatsFields.tabular('n', "", "b"))).isEqualTo(4.0);
    }
}
