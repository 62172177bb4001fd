package dev.bandstand.simulation.evaluation;

import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.TabularUpdate;
import dev.bandstand.policy.Update;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Builds the {@link LogEvaluation.Candidate} for a policy configuration.
 *
 * <p>TODO(policy): build every type through the policy package's {@code Policies.create}
 * and {@code Models.create} once they land; until then only {@code uniform} is built here.
 */
public final class Candidates {

    private Candidates() {
    }

    /**
     * The candidate for {@code settings}, or empty when this build has no implementation of
     * its type.
     *
     * @param name how the candidate is shown
     */
    public static Optional<LogEvaluation.Candidate> create(String name, PolicySettings settings) {
        if (settings.type().equals("uniform")) {
            return Optional.of(new LogEvaluation.Candidate(name, new Uniform(), new NoModel()));
        }
        return Optional.empty();
    }

    /** Every candidate with the same probability. */
    private static final class Uniform implements Policy {
        @Override
        public String name() {
            return "uniform";
        }

        @Override
        public double[] probabilities(Estimates estimates, RandomGenerator random) {
            double[] p = new double[estimates.size()];
            Arrays.fill(p, 1.0 / p.length);
            return p;
        }
    }

    /** A model that knows nothing, for policies that read nothing. */
    private static final class NoModel implements Model {
        @Override
        public Estimates estimates(Context context, List<Arm> candidates, Instant now) {
            int n = candidates.size();
            return new Estimates() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public double mean(int i) {
                    return 0;
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
                    Arrays.fill(out, 0);
                }

                @Override
                public String bucket() {
                    return null;
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
        }

        @Override
        public void dropped(Update update, double weight) {
        }

        @Override
        public void load(Map<String, Double> sums, long version) {
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
}
