package dev.bandstand.bench;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Policies;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.Update;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Choosing and learning with the linear policies at d = 32 dense features, on a model warmed
 * with 5,000 rewards. {@code update} is the decision's rank-one update of A^-1 plus its
 * reward, with the fresh inversion every 1000 updates amortised into it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LinearPolicyBenchmark {

    /** Policy type. */
    @Param({"linucb", "linear-thompson"})
    public String type;

    /** Number of candidates per decision. */
    @Param({"10", "100"})
    public int candidates;

    private Model model;
    private Policy policy;
    private List<Arm> arms;
    private List<Context> contexts;
    private SplittableRandom random;
    private int next;

    /** Builds and warms the model. */
    @Setup
    public void setUp() {
        arms = BenchFixtures.arms(candidates);
        BenchFixtures.DenseEncoder encoder =
                new BenchFixtures.DenseEncoder(FeatureSettings.DEFAULT_DIMENSIONS, arms);
        model = BenchFixtures.warmModel(type, arms, encoder, 5_000, 1);
        policy = Policies.create(new PolicySettings(type, Map.of()));
        contexts = BenchFixtures.contexts();
        random = new SplittableRandom(2);
    }

    /** Encoding, estimates, probabilities and the draw for one decision. */
    @Benchmark
    public int choose() {
        Context c = contexts.get(next++ & 7);
        return BenchFixtures.choose(model, policy, c, arms, random);
    }

    /** Encoding, the pending decision (rank-one update) and its reward. */
    @Benchmark
    public long update() {
        Context c = contexts.get(next++ & 7);
        Update u = model.updateFor(c, arms.get(random.nextInt(candidates)));
        model.decided(u, 1);
        model.rewarded(u, random.nextDouble(), 1);
        return model.version();
    }
}
