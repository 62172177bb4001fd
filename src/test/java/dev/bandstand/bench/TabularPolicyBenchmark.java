package dev.bandstand.bench;

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
 * Choosing and learning with the tabular policies on a model warmed with 20,000 rewards over
 * 8 contexts and 3 bucket levels. For Thompson, {@code choose} is the steady state between
 * rewards, when the kept probability vector is reused.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TabularPolicyBenchmark {

    /** Policy type. */
    @Param({"uniform", "epsilon-greedy", "ucb1", "thompson", "softmax"})
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
        model = BenchFixtures.warmModel(type, arms, null, 20_000, 1);
        policy = Policies.create(new PolicySettings(type, Map.of()));
        contexts = BenchFixtures.contexts();
        random = new SplittableRandom(2);
    }

    /** Estimates, probabilities and the draw for one decision. */
    @Benchmark
    public int choose() {
        Context c = contexts.get(next++ & 7);
        return BenchFixtures.choose(model, policy, c, arms, random);
    }

    /** The update recipe, the pending decision and its reward. */
    @Benchmark
    public long update() {
        Context c = contexts.get(next++ & 7);
        Update u = model.updateFor(c, arms.get(random.nextInt(candidates)));
        model.decided(u, 1);
        model.rewarded(u, random.nextDouble(), 1);
        return model.version();
    }
}
