package dev.bandstand.simulation.obd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.simulation.estimators.Estimate;
import dev.bandstand.simulation.estimators.EstimatorSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObdOpeTest {

    private static final double EXACT = 1e-12;

    private static ObdOpe.Settings settings() {
        return new ObdOpe.Settings(EstimatorSettings.defaults().withBootstrap(100), 20_000, 0,
                List.of());
    }

    private static Estimate find(ObdOpe.Direction d, String name) {
        return d.estimates().stream().filter(e -> e.estimator().equals(name)).findFirst()
                .orElseThrow();
    }

    @Test
    void randomFromBtsWeighsTheBtsRowsByOneThirdOverTheirPropensity(@TempDir Path root)
            throws Exception {
        ObdFixture.write(root);

        ObdOpe.Result r = ObdOpe.run(root, "men", settings());

        ObdOpe.Direction d = r.randomFromBts();
        // truth: random log clicks 1, 0, 0, 1 -> 0.5
        assertThat(d.truth()).isEqualTo(0.5);
        // w = (1/3) / p: 2/3, 4/3, 2/3, 5/3; clicks 1, 0, 0, 1 -> IPS = (2/3 + 5/3) / 4 = 7/12
        assertThat(find(d, "IPS").value()).isCloseTo(7.0 / 12, within(EXACT));
        // SNIPS = (7/3) / (13/3) = 7/13
        assertThat(find(d, "SNIPS").value()).isCloseTo(7.0 / 13, within(EXACT));
        // relative error of IPS: |7/12 - 1/2| / (1/2) = 1/6
        assertThat(d.relativeError(find(d, "IPS"))).isCloseTo(1.0 / 6, within(EXACT));
    }

    @Test
    void btsFromRandomWithLoggedFrequenciesUsesTheBtsSlotShares(@TempDir Path root)
            throws Exception {
        ObdFixture.write(root);

        ObdOpe.Result r = ObdOpe.run(root, "men", settings());

        ObdOpe.Direction d = r.btsLoggedFromRandom();
        // bts slot 1: items 0 and 2 once each -> 1/2, 1/2; slot 2: items 1 and 0 -> 1/2, 1/2.
        // random rows (item, slot, click): (0,1,1) w = 0.5 / (1/3) = 1.5; (1,2,0); (2,1,0);
        // (0,2,1) w = 1.5 -> IPS = (1.5 + 1.5) / 4 = 0.75; truth = bts clicks 1,0,0,1 -> 0.5
        assertThat(find(d, "IPS").value()).isCloseTo(0.75, within(EXACT));
        assertThat(d.truth()).isEqualTo(0.5);
    }

    @Test
    void btsFromRandomWithASymmetricPriorIsCloseToTheRandomMean(@TempDir Path root)
            throws Exception {
        ObdFixture.write(root);

        ObdOpe.Result r = ObdOpe.run(root, "men", settings());

        // Beta(1, 1) for all three items: every item has probability 1/3 in every slot, so
        // every weight is about 1 and IPS about (1 + 1) / 4 = 0.5. With 20,000 draws a slot
        // share has a standard error of sqrt((2/9) / 20000) = 0.0033, so the weights are within
        // 0.03 of 1 (3 standard errors over 1/3) and IPS within 0.015 of 0.5.
        assertThat(find(r.btsFromRandom(), "IPS").value()).isCloseTo(0.5, within(0.015));
    }

    @Test
    void theSimulatedSlotDistributionOfASymmetricPriorIsUniform() {
        BtsPrior prior = new BtsPrior("x", new double[] {2, 2, 2, 2},
                new double[] {5, 5, 5, 5});

        BtsSlotDistribution d = BtsSlotDistribution.simulate(prior, 3, 40_000, 5);

        // standard error sqrt(0.25 * 0.75 / 40000) = 0.0022; tolerance 0.01 is 4.5 of them
        for (int k = 1; k <= 3; k++) {
            assertThat(d.slot(k)).containsExactly(new double[] {0.25, 0.25, 0.25, 0.25},
                    within(0.01));
        }
    }

    @Test
    void aDominantItemFillsTheFirstSlot() {
        // Beta(900, 100) has mean 0.9 and sd 0.0095; Beta(100, 900) mean 0.1: item 0 always
        // wins slot 1.
        BtsPrior prior = new BtsPrior("x", new double[] {900, 100, 100},
                new double[] {100, 900, 900});

        BtsSlotDistribution d = BtsSlotDistribution.simulate(prior, 2, 1_000, 1);

        assertThat(d.slot(1)[0]).isEqualTo(1.0);
        assertThat(d.slot(2)[0]).isZero();
    }

    @Test
    void theLogisticModelsDirectMethodIsTheMeanOfItsPredictionsUnderTheTarget(
            @TempDir Path root) throws Exception {
        ObdFixture.write(root);
        ObdOpe.Settings logistic = settings().withModel(ObdOpe.LOGISTIC);
        ObdLog random = new ObdReader().read(root, "random", "men");

        ObdOpe.Result r = ObdOpe.run(root, "men", logistic);

        // random from bts: the uniform target's DM is the mean over bts rows of the mean
        // prediction over items; recomputed here from the fit's own predictions
        ObdLog bts = new ObdReader().read(root, "bts", "men");
        double[][] q = ObdFeatures.fit(bts, ObdOpe.DEFAULT_LAMBDA)
                .fit(java.util.Collections.nCopies(bts.impressions().size(), 1).stream()
                        .mapToInt(Integer::intValue).toArray());
        double expected = 0;
        for (double[] row : q) {
            expected += java.util.Arrays.stream(row).average().orElseThrow() / q.length;
        }
        Estimate dm = find(r.randomFromBts(), "DM");
        assertThat(dm.value()).isCloseTo(expected, within(EXACT));
        assertThat(dm.lower()).isLessThanOrEqualTo(dm.value());
        assertThat(dm.upper()).isGreaterThanOrEqualTo(dm.value());
        assertThat(random.itemCount()).isEqualTo(bts.itemCount());
    }
}
