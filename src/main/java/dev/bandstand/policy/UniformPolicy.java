package dev.bandstand.policy;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/** Uniform random choice, 1/K for each of K candidates: the baseline every log can replay. */
final class UniformPolicy implements Policy {

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
