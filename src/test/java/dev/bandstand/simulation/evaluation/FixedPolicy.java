package dev.bandstand.simulation.evaluation;

import dev.bandstand.policy.Estimates;
import dev.bandstand.policy.Policy;
import java.util.function.IntFunction;
import java.util.random.RandomGenerator;

/**
 * A test policy whose probabilities depend only on the number of candidates, so that
 * estimates on a small log can be computed by hand.
 */
final class FixedPolicy implements Policy {

    /** Always the first candidate. */
    static final Policy FIRST = new FixedPolicy("first", n -> {
        double[] p = new double[n];
        p[0] = 1;
        return p;
    });

    private final String name;
    private final IntFunction<double[]> bySize;

    /** @param bySize the probabilities over n candidates, in candidate order */
    FixedPolicy(String name, IntFunction<double[]> bySize) {
        this.name = name;
        this.bySize = bySize;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        return bySize.apply(estimates.size());
    }
}
