package dev.bandstand.bench;

import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Draw;
import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Policies;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.Update;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What tabular Thompson sampling costs without its kept probability vector: one joint
 * posterior draw, the full 1000-draw probability estimate, and a choice right after a reward
 * (the kept vector is stale then, so the estimate is redone).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ThompsonBenchmark {

    /** Number of candidates per decision. */
    @Param({"10", "100"})
    public int candidates;

    private Model model;
    private Policy policy;
    private List<Arm> arms;
    private Context context;
    private Estimates estimates;
    private double[] out;
    private SplittableRandom random;

    /** Builds and warms the model. */
    @Setup
    public void setUp() {
        arms = BenchFixtures.arms(candidates);
        model = BenchFixtures.warmModel("thompson", arms, null, 20_000, 1);
        policy = Policies.create(new PolicySettings("thompson", Map.of()));
        context = BenchFixtures.contexts().get(0);
        estimates = model.estimates(context, arms, BenchFixtures.NOW);
        out = new double[candidates];
        random = new SplittableRandom(3);
    }

    /** One joint draw of every candidate's Beta posterior. */
    @Benchmark
    public double[] singleDraw() {
        estimates.sample(random, out);
        return out;
    }

    /** Choice with the full 1000-draw probability estimate, nothing kept. */
    @Benchmark
    public int chooseWithoutKeptVector() {
        Estimates e = new Unkept(model.estimates(context, arms, BenchFixtures.NOW));
        return Draw.index(policy.probabilities(e, random), random);
    }

    /** A reward, then a choice in the same bucket: the common case under heavy rewards. */
    @Benchmark
    public int rewardThenChoose() {
        Update u = model.updateFor(context, arms.get(random.nextInt(candidates)));
        model.decided(u, 1);
        model.rewarded(u, random.nextDouble(), 1);
        return BenchFixtures.choose(model, policy, context, arms, random);
    }

    /** Hides the model's ability to keep probability vectors. */
    private record Unkept(Estimates e) implements Estimates {
        @Override
        public int size() {
            return e.size();
        }

        @Override
        public double mean(int i) {
            return e.mean(i);
        }

        @Override
        public double observations(int i) {
            return e.observations(i);
        }

        @Override
        public double pending(int i) {
            return e.pending(i);
        }

        @Override
        public double width(int i) {
            return e.width(i);
        }

        @Override
        public void sample(RandomGenerator r, double[] o) {
            e.sample(r, o);
        }

        @Override
        public String bucket() {
            return e.bucket();
        }
    }
}
