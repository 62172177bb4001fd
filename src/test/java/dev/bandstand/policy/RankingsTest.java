package dev.bandstand.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Ranked joint draws shared by the slots of a linear Thompson slate. */
class RankingsTest {

    @Test
    void eachDrawIsWonByItsHighestRankedOpenCandidateWithTiesShared() {
        Scripted all = new Scripted(new double[][] {
            {0.9, 0.8, 0.1, 0.2},
            {0.1, 0.95, 0.3, 0.2},
            {0.4, 0.4, 0.4, 0.1}});
        Rankings rankings = Rankings.draw(all, 3, new SplittableRandom(1));

        double[] every = rankings.wins(new int[] {0, 1, 2, 3}, new SplittableRandom(1));
        double[] withoutFirst = rankings.wins(new int[] {1, 2, 3}, new SplittableRandom(1));
        double[] lastTwo = rankings.wins(new int[] {3, 2}, new SplittableRandom(1));

        // draw 3 ties 0, 1 and 2 at 0.4: a third each while all three are open
        assertThat(every).containsExactly(1 + 1.0 / 3, 1 + 1.0 / 3, 1.0 / 3, 0);
        assertThat(withoutFirst).containsExactly(2.5, 0.5, 0);
        // order of the subset is the caller's: 3 wins draw 1, 2 wins draws 2 and 3
        assertThat(lastTwo).containsExactly(1, 2);
        assertThat(all.draws).isEqualTo(3);
    }

    @Test
    void drawWhoseKeptCandidatesAreAllClosedIsDrawnAnew() {
        int n = Rankings.DEPTH + 6;
        double[] first = new double[n];
        double[] fresh = new double[n];
        for (int i = 0; i < n; i++) {
            first[i] = n - i;
            fresh[i] = i == n - 2 ? 10 * n : i;
        }
        Scripted all = new Scripted(new double[][] {first, fresh});
        Rankings rankings = Rankings.draw(all, 1, new SplittableRandom(1));

        double[] wins = rankings.wins(new int[] {n - 1, n - 2}, new SplittableRandom(1));

        assertThat(wins).containsExactly(0, 1);
        assertThat(all.draws).isEqualTo(2);
    }

    @Test
    void linearThompsonSlateSlotsSumToOneAndShareOneSetOfDraws() {
        LinearModel model = new LinearModel(new VectorEncoder(8), 1.0, 0.5, Forgetting.none());
        List<Arm> arms = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // distinct feature vectors, so that no two candidates tie in a draw
            arms.add(new Arm(Integer.toString(i), Map.of("x" + (i % 8), 1.0 + i / 8,
                    "x" + ((i + 3) % 8), 0.5)));
        }
        Context context = Fixtures.context();
        Estimates all = model.estimates(context, arms, Fixtures.NOW);
        Policy policy = new ThompsonPolicy("linear-thompson", 500);
        RandomGenerator random = new SplittableRandom(9);
        int[] open = new int[99];
        for (int i = 0; i < 99; i++) {
            open[i] = i + 1;
        }

        double[] slot = policy.probabilities(Subset.of(all, open), random);
        Rankings shared = ((LinearEstimates) all).rankings(500, random);
        double[] wins = shared.wins(open, random);

        double total = 0;
        for (int i = 0; i < slot.length; i++) {
            total += slot[i];
            assertThat(slot[i]).isEqualTo((wins[i] + 1.0 / 99) / 501);
        }
        assertThat(total).isCloseTo(1.0, within(1e-12));
    }

    /** Estimates whose draws are given rows, in order, then the last row again. */
    private static final class Scripted implements Estimates {
        private final double[][] rows;
        int draws;

        Scripted(double[][] rows) {
            this.rows = rows;
        }

        @Override
        public int size() {
            return rows[0].length;
        }

        @Override
        public double mean(int i) {
            return 0.5;
        }

        @Override
        public double observations(int i) {
            return 0;
        }

        @Override
        public double pending(int i) {
            return 0;
        }

        @Override
        public double width(int i) {
            return 1;
        }

        @Override
        public void sample(RandomGenerator random, double[] out) {
            double[] row = rows[Math.min(draws++, rows.length - 1)];
            System.arraycopy(row, 0, out, 0, row.length);
        }

        @Override
        public String bucket() {
            return "";
        }
    }
}
