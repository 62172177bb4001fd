package dev.bandstand.simulation.evaluation;

import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.Update;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** A test model: one global mean per arm; an arm without rewards has mean 1 (optimistic). */
final class MeanModel implements Model {

    final Map<String, double[]> stats = new HashMap<>();

    @Override
    public Estimates estimates(Context context, List<Arm> candidates, Instant now) {
        double[] means = new double[candidates.size()];
        for (int i = 0; i < means.length; i++) {
            double[] s = stats.get(candidates.get(i).id());
            means[i] = s == null || s[0] == 0 ? 1 : s[1] / s[0];
        }
        return new Estimates() {
            @Override
            public int size() {
                return means.length;
            }

            @Override
            public double mean(int i) {
                return means[i];
            }

            @Override
            public double observations(int i) {
                double[] s = stats.get(candidates.get(i).id());
                return s == null ? 0 : s[0];
            }

            @Override
            public double pending(int i) {
                return 0;
            }

            @Override
            public double width(int i) {
                return 1 / Math.sqrt(observations(i) + 1);
            }

            @Override
            public void sample(RandomGenerator random, double[] out) {
                System.arraycopy(means, 0, out, 0, means.length);
            }

            @Override
            public String bucket() {
                return "";
            }
        };
    }

    @Override
    public Update updateFor(Context context, Arm arm) {
        return new TabularUpdate(arm.id(), List.of(""));
    }

    @Override
    public void decided(Update update, double weight) {
    }

    @Override
    public void rewarded(Update update, double reward, double weight) {
        double[] s = stats.computeIfAbsent(update.armId(), k -> new double[2]);
        s[0] += weight;
        s[1] += weight * reward;
    }

    @Override
    public void dropped(Update update, double weight) {
    }

    @Override
    public void load(Map<String, Double> sums, long version) {
        throw new UnsupportedOperationException("not needed by the test");
    }

    @Override
    public Map<String, Double> sums() {
        return Map.of();
    }

    @Override
    public long version() {
        return 0;
    }
}
