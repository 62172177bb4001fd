package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.await;
import static dev.bandstand.placement.Engines.engine;
import static dev.bandstand.placement.Engines.placement;
import static dev.bandstand.placement.Engines.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.store.InMemoryStatsStore;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExplanationsTest {

    private final SplittableRandom random = new SplittableRandom(9);

    private static void teach(Placements engine, SplittableRandom random) throws Exception {
        for (int i = 0; i < 30; i++) {
            Decision d = await(engine.decide(request("u", null, false, "a", "b", "c"), random));
            double value = d.choices().get(0).armId().equals("b") ? 1 : 0.2;
            await(engine.reward(new RewardRequest(d.eventId(), null, value)));
        }
    }

    @Test
    void linearContributionsAddUpToTheScoreAndTheBonusIsAlphaTimesTheWidth()
            throws Exception {
        Placements engine = engine(new InMemoryStatsStore(),
                placement("linucb", Map.of("alpha", 0.5), null));
        teach(engine, random);

        Decision d = await(engine.decide(request("u", null, true, "a", "b", "c"), random));

        assertThat(d.explanations()).hasSize(1);
        Explanation e = d.explanations().get(0);
        assertThat(e.armId()).isEqualTo(d.choices().get(0).armId());
        double sum = e.rest();
        for (Explanation.Contribution c : e.contributions()) {
            sum += c.value();
        }
        assertThat(sum).isCloseTo(e.mean(), within(1e-12));
        assertThat(e.contributions()).extracting(Explanation.Contribution::feature)
                .contains("+arm=" + e.armId(), "+bias");
        assertThat(e.bonus()).isCloseTo(0.5 * e.uncertainty(), within(1e-15));
        assertThat(e.bucket()).isNull();
        assertThat(e.count()).isEqualTo(30.0);
    }

    @Test
    void tabularExplanationNamesTheBucketItsCountAndMean() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(),
                placement("epsilon-greedy", Map.of("epsilon", 0.0), null));
        teach(engine, random);

        Decision d = await(engine.decide(request("u", null, true, "a", "b", "c"), random));

        Explanation e = d.explanations().get(0);
        assertThat(e.armId()).isEqualTo("b");
        assertThat(e.bucket()).isEqualTo("phone");
        assertThat(e.count()).isPositive();
        assertThat(e.mean()).isEqualTo(1.0);
        assertThat(e.explored()).isFalse();
        assertThat(e.contributions()).isEmpty();
        assertThat(e.bonus()).isNull();
    }

    @Test
    void noExplanationsUnlessAskedFor() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(), placement("ucb1", Map.of(), null));

        Decision d = await(engine.decide(request("u", null, false, "a", "b"), random));

        assertThat(d.explanations()).isEmpty();
    }
}
