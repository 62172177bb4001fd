package dev.bandstand.placement;

import static dev.bandstand.placement.Engines.CLOCK;
import static dev.bandstand.placement.Engines.await;
import static dev.bandstand.placement.Engines.engine;
import static dev.bandstand.placement.Engines.placement;
import static dev.bandstand.placement.Engines.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.policy.BetaMath;
import dev.bandstand.privacy.UserKeys;
import dev.bandstand.simulation.log.DecisionLogWriter;
import dev.bandstand.simulation.log.DsJsonReader;
import dev.bandstand.simulation.log.LoggedDecision;
import dev.bandstand.simulation.log.RotatingDecisionLog.Rotation;
import dev.bandstand.store.InMemoryStatsStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tabular Thompson placement reports the exact probability of each choice in the answer,
 * the stored decision and the decision log, with and without floor and burn-in: the exact
 * Thompson probability P_i, mixed with the floor as {@code (1 - floor) P_i + floor / K}. The
 * reference P_i is Commons Math's integration of the Beta densities ({@link BetaMath}). A
 * slate's later slot gets the same over the arms still open.
 */
class ThompsonPropensityTest {

    private static final String[] ARMS = {"a", "b", "c"};
    /** Rewards of 1 and of 0 each arm is taught alone: posteriors Beta(1 + ones, 1 + zeros). */
    private static final int[][] TAUGHT = {{9, 3}, {2, 4}, {1, 3}};

    @TempDir
    Path dir;

    static Stream<Map<String, Double>> wrappers() {
        // every arm has at least 4 rewards: a burn-in of 2 is over
        return Stream.of(Map.of(), Map.of("floor", 0.02), Map.of("burnIn", 2.0),
                Map.of("floor", 0.02, "burnIn", 2.0));
    }

    @ParameterizedTest
    @MethodSource("wrappers")
    void everyReportedProbabilityIsTheExactOne(Map<String, Double> params) throws Exception {
        DecisionLogWriter writer = new DecisionLogWriter(dir, Rotation.NONE, 1 << 20, 100, CLOCK);
        InMemoryStatsStore store = new InMemoryStatsStore();
        Placements engine = engine(store, placement("thompson", params, null),
                DecisionJournal.writingTo(writer, UserKeys.of(
                        "a secret of at least 16 bytes".getBytes(StandardCharsets.UTF_8))));
        SplittableRandom random = new SplittableRandom(11);
        teach(engine, random);
        double[] expected = expected(params.getOrDefault("floor", 0.0), 0, 1, 2);

        List<Decision> decisions = new ArrayList<>();
        for (int n = 0; n < 30; n++) {
            decisions.add(await(engine.decide(request(null, null, false, ARMS), random)));
        }
        for (Decision d : decisions) {
            Decision.Choice c = d.choices().get(0);
            double stored = await(store.decision(d.eventId())).slots().get(0).probability();
            await(engine.reward(new RewardRequest(d.eventId(), null, 0)));

            double want = expected[List.of(ARMS).indexOf(c.armId())];
            assertThat(c.probability()).as("answer, %s", c.armId())
                    .isCloseTo(want, within(1e-9));
            assertThat(stored).as("store, %s", c.armId()).isEqualTo(c.probability());
        }
        writer.flush().get();
        writer.close();

        List<LoggedDecision> logged = new DsJsonReader().read(dir.resolve("art.dsjson"))
                .stream().filter(l -> l.arms().size() == ARMS.length).toList();
        assertThat(logged).hasSize(decisions.size());
        for (LoggedDecision l : logged) {
            for (int i = 0; i < ARMS.length; i++) {
                int arm = List.of(ARMS).indexOf(l.arms().get(i).id());
                assertThat(l.probabilities()[i]).as("log, %s", ARMS[arm])
                        .isCloseTo(expected[arm], within(1e-9));
            }
        }
    }

    /** Teaches each arm its rewards in decisions that offer it alone. */
    private static void teach(Placements engine, SplittableRandom random) throws Exception {
        for (int arm = 0; arm < ARMS.length; arm++) {
            for (int r = 0; r < TAUGHT[arm][0] + TAUGHT[arm][1]; r++) {
                Decision d = await(engine.decide(request(null, null, false, ARMS[arm]), random));
                await(engine.reward(new RewardRequest(d.eventId(), null,
                        r < TAUGHT[arm][0] ? 1 : 0)));
            }
        }
    }

    @Test
    void eachSlotOfASlateWithAFloorReportsTheExactProbabilityOverTheArmsLeft() throws Exception {
        Placements engine = engine(new InMemoryStatsStore(),
                placement("thompson", Map.of("floor", 0.02), null));
        SplittableRandom random = new SplittableRandom(12);
        teach(engine, random);
        DecisionRequest two = new DecisionRequest("art", Engines.NOW, ZoneId.of("Europe/Paris"),
                "phone", null, Map.of(), Stream.of(ARMS).map(Arm::of).toList(), null, 2, null,
                SlateRules.NONE, null, false);

        for (int n = 0; n < 10; n++) {
            Decision d = await(engine.decide(two, random));

            int first = List.of(ARMS).indexOf(d.choices().get(0).armId());
            int second = List.of(ARMS).indexOf(d.choices().get(1).armId());
            int[] left = IntStream.range(0, ARMS.length).filter(i -> i != first).toArray();
            double[] slot2 = expected(0.02, left);
            assertThat(d.choices().get(0).probability())
                    .isCloseTo(expected(0.02, 0, 1, 2)[first], within(1e-9));
            assertThat(d.choices().get(1).probability())
                    .isCloseTo(slot2[second == left[0] ? 0 : 1], within(1e-9));
        }
    }

    /**
     * {@code (1 - floor) P_i + floor / K} over the taught posteriors of the given arms, in
     * their order.
     */
    private static double[] expected(double floor, int... arms) {
        double[] alpha = new double[arms.length];
        double[] beta = new double[arms.length];
        for (int i = 0; i < arms.length; i++) {
            alpha[i] = 1 + TAUGHT[arms[i]][0];
            beta[i] = 1 + TAUGHT[arms[i]][1];
        }
        return BetaMath.flooredThompson(floor, alpha, beta);
    }
}
