package dev.bandstand.policy;

import java.util.random.RandomGenerator;

/**
 * Mixes another policy with the uniform one: {@code p' = (1 - floor) p + floor / K}, so that
 * every candidate keeps at least {@code floor / K}, a known minimum that off-policy
 * estimators rely on.
 *
 * <p>Every way to choose is that mixture of the inner policy's same way to choose: with
 * probability {@code floor} a uniform pick, otherwise the inner policy's. So {@link #draw}
 * keeps what the inner draw reports: where that is exact and lazy (Thompson sampling over
 * Beta posteriors), the mixed probability is exact too and is computed only when asked for.
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
        return mixed(inner.probabilities(estimates, random));
    }

    /**
     * The inner draw, replaced by a uniform pick with probability {@code floor}. Candidate i
     * is then chosen with probability {@code (1 - floor) P_i + floor / K}, {@code P_i} the
     * inner draw's probability of i, whichever i the inner draw chose: the uniform pick is
     * independent of it. The inner draw is made in both cases, as its probabilities are
     * needed either way.
     */
    @Override
    public Drawn draw(Estimates estimates, RandomGenerator random) {
        Drawn drawn = inner.draw(estimates, random);
        int k = estimates.size();
        int index = random.nextDouble() < floor ? random.nextInt(k) : drawn.index();
        return Drawn.lazy(index, i -> mixed(drawn.probabilityOf(i), k),
                () -> mixed(drawn.probabilities().clone()));
    }

    /** {@code (1 - floor) p + floor / K} of every entry, in place. */
    private double[] mixed(double[] p) {
        for (int i = 0; i < p.length; i++) {
            p[i] = mixed(p[i], p.length);
        }
        return p;
    }

    /**
     * The one formula for both the vector and a single entry, so they agree to the bit. Written
     * as {@code p + floor (1/K - p)}, which is exact where the policy is uniform already (a
     * fresh placement answers 1/K, not 1/K plus a rounding error).
     */
    private double mixed(double p, int k) {
        return p + floor * (1.0 / k - p);
    }
}
