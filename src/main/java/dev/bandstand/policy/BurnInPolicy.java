package dev.bandstand.policy;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Uniform exploration until every candidate has {@code burnIn} rewarded observations, then
 * another policy. The probabilities stay exact: while any candidate of a decision is below
 * the burn-in, every candidate gets exactly {@code 1/K}; after it, every way to choose is the
 * inner policy's own, its draw with the probabilities that draw reports.
 *
 * <p>Observations are the model's effective counts ({@link Estimates#observations(int)}):
 * for a tabular model those of the bucket the estimates were read from, for a linear one the
 * model's total. Under forgetting they decay, so an arm can fall back into burn-in.
 */
final class BurnInPolicy implements Policy {

    private final Policy inner;
    private final double burnIn;

    BurnInPolicy(Policy inner, double burnIn) {
        this.inner = inner;
        this.burnIn = burnIn;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        if (burningIn(estimates, burnIn)) {
            double[] p = new double[estimates.size()];
            Arrays.fill(p, 1.0 / p.length);
            return p;
        }
        return inner.probabilities(estimates, random);
    }

    /** A uniform draw while burning in, else the inner policy's own cheaper draw. */
    @Override
    public int choose(Estimates estimates, RandomGenerator random) {
        return burningIn(estimates, burnIn) ? Policy.super.choose(estimates, random)
                : inner.choose(estimates, random);
    }

    /**
     * A uniform draw while burning in, else the inner policy's own draw, so that its
     * probabilities stay what the inner policy reports (Thompson sampling's exact ones).
     */
    @Override
    public Drawn draw(Estimates estimates, RandomGenerator random) {
        return burningIn(estimates, burnIn) ? Policy.super.draw(estimates, random)
                : inner.draw(estimates, random);
    }

    /** True while some candidate has fewer than {@code burnIn} rewarded observations. */
    static boolean burningIn(Estimates estimates, double burnIn) {
        for (int i = 0; i < estimates.size(); i++) {
            if (estimates.observations(i) < burnIn) {
                return true;
            }
        }
        return false;
    }
}
