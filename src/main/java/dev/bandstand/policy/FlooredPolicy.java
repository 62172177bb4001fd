package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Mixes another policy with the uniform one: {@code p' = (1 - floor) p + floor / K}, so that
 * every candidate keeps at least {@code floor / K}, a known minimum that off-policy
 * estimators rely on.
 */
final class FlooredPolicy implements Policy {

    private final Policy inner;
    private final double floor;

    FlooredPolicy(Policy inner, double floor) {
        this.inner = inner;
        this.floor = floor;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public int choose(Estimates estimates, RandomGenerator random) {
        // the mixture (1 - floor) p + floor / K, drawn as the mixture
        if (random.nextDouble() < floor) {
            return random.nextInt(estimates.size());
        }
        return inner.choose(estimates, random);
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        double[] p = inner.probabilities(estimates, random);
        double share = floor / p.length;
        for (int i = 0; i < p.length; i++) {
            p[i] = (1 - floor) * p[i] + share;
        }
        return p;
    }
}
