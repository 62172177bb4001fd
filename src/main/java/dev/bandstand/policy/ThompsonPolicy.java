package dev.bandstand.policy;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Thompson sampling (Thompson, "On the likelihood that one unknown probability exceeds
 * another in view of the evidence of two samples", Biometrika 25, 1933; Chapelle and Li,
 * "An empirical evaluation of Thompson sampling", NIPS 2011), with the probability of each
 * choice estimated honestly.
 *
 * <p>The posterior comes from {@link Estimates#sample}: Beta-Bernoulli per arm on a tabular
 * model, {@code theta ~ N(theta_hat, v^2 A^-1)} on a linear one. The rule draws {@code M}
 * joint posterior samples and counts how often each arm is best (an arm tied for best in a
 * draw gets an even share), then returns {@code p_a = (wins_a + 1/K) / (M + 1)}. The caller
 * draws the choice from {@code p}, so {@code p} is the exact probability of what is done, it
 * sums to 1 and no entry is below {@code 1 / (K (M + 1))}. As {@code M} grows it approaches
 * the probability that plain Thompson sampling picks the arm.
 *
 * <p>When the estimates can keep the vector ({@link ProbabilityMemo}, tabular models do) it is
 * reused until the posterior changes, so repeated decisions in one bucket cost no draws.
 *
 * <p>The slots of a slate (a {@link Subset} of linear estimates, or of tabular ones over more
 * than {@link #EXACT_SLATE_LIMIT} candidates) count their wins in the same
 * {@code M} draws over all candidates, ranked once per decision
 * ({@link Rankings}): a slot's winner in draw m is the highest-ranked candidate still open.
 * That replaces {@code M} new draws per slot by one pass over the kept rankings.
 *
 * <p>{@link #draw}, the engine's way to choose, is plain Thompson sampling when the
 * posteriors are independent Betas ({@link BetaPosteriors}, tabular models): one posterior
 * draw picks the arm, and the probability of that pick, {@code P_a}, is computed by
 * numerical integration ({@link BetaArgmax}, error below 1e-6) only when asked for, from the
 * posterior of the decision, and kept with that posterior state (in the memo, while the Beta
 * parameters stay exactly the same) for later decisions drawn from it. Entries are floored
 * at {@link Double#MIN_NORMAL}, as the true value is positive however small. Otherwise
 * {@link #draw} draws from {@link #probabilities}. A floor or burn-in around this policy
 * passes this draw through ({@link FlooredPolicy}, {@link BurnInPolicy}), so its
 * probabilities stay exact there too.
 */
final class ThompsonPolicy implements Policy {

    /**
     * Most candidates of a slate whose slots get exact Beta probabilities; larger slates
     * share ranked draws ({@link Rankings}), as the integrals grow with candidates x slots.
     */
    static final int EXACT_SLATE_LIMIT = 100;

    private final String name;
    private final int draws;
    private final ExactKey exactKey = new ExactKey(this);

    ThompsonPolicy(String name, int draws) {
        this.name = name;
        this.draws = draws;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public double[] probabilities(Estimates estimates, RandomGenerator random) {
        if (estimates instanceof SubsetEstimates sub
                && sub.parent() instanceof RankedDraws ranked) {
            double[] wins = ranked.rankings(draws, random).wins(sub.indices(), random);
            return smoothed(wins);
        }
        ProbabilityMemo memo = estimates instanceof ProbabilityMemo m ? m : null;
        if (memo != null) {
            if (memo.recall(this) instanceof double[] kept) {
                return kept.clone();
            }
        }

        double[] p = estimate(estimates, random);
        if (memo != null) {
            memo.remember(this, p.clone());
        }
        return p;
    }

    // TODO(cost): linear estimates keep nothing, so linear-thompson redraws on every decision
    /**
     * One joint posterior draw and its best candidate (ties to the lowest index): plain
     * Thompson sampling, the distribution {@link #probabilities} estimates by {@code M}
     * draws, at the cost of one.
     */
    @Override
    public int choose(Estimates estimates, RandomGenerator random) {
        double[] sample = new double[estimates.size()];
        estimates.sample(random, sample);
        int best = 0;
        for (int i = 1; i < sample.length; i++) {
            if (sample[i] > sample[best]) {
                best = i;
            }
        }
        return best;
    }

    // TODO(cost): an exact probability costs about 0.1-1.2 ms for ten arms the first time it
    // is read for a posterior state (the whole vector, for the log, 0.1-11 ms)
    @Override
    public Drawn draw(Estimates estimates, RandomGenerator random) {
        double[][] beta = estimates instanceof BetaPosteriors b ? b.betaParameters() : null;
        boolean largeSlate = estimates instanceof SubsetEstimates sub
                && sub.parent() instanceof RankedDraws && sub.parent().size() > EXACT_SLATE_LIMIT;
        if (beta == null || largeSlate) {
            // a large slate's slots share ranked draws: one pass each, not an integral per arm
            return Policy.super.draw(estimates, random);
        }
        int j = choose(estimates, random);
        ExactCache cache = exactCache(estimates, beta);
        return Drawn.lazy(j, cache::probability, cache::all);
    }

    /**
     * The exact probabilities of one posterior state, shared by the decisions that draw from
     * it: kept in the estimates' memo and reused only while the Beta parameters are exactly
     * the same (the memo may keep entries across a small drift of the forgetting factor,
     * which would change them).
     */
    private ExactCache exactCache(Estimates estimates, double[][] beta) {
        ProbabilityMemo memo = estimates instanceof ProbabilityMemo m ? m : null;
        if (memo != null && memo.recall(exactKey) instanceof ExactCache kept
                && kept.holds(beta[0], beta[1])) {
            return kept;
        }
        ExactCache fresh = new ExactCache(beta[0], beta[1]);
        if (memo != null) {
            memo.remember(exactKey, fresh);
        }
        return fresh;
    }

    /**
     * The Beta parameters of one posterior state (arrays that nobody changes) and its
     * probabilities as far as computed: nothing is copied or allocated for them until one is
     * read. Probabilities are computed under the cache's lock, so it may be read from any
     * thread.
     */
    static final class ExactCache {

        private final double[] alpha;
        private final double[] beta;
        // NaN for a probability not computed yet; null until the first is asked for
        private double[] p;

        ExactCache(double[] alpha, double[] beta) {
            this.alpha = alpha;
            this.beta = beta;
        }

        boolean holds(double[] otherAlpha, double[] otherBeta) {
            return Arrays.equals(alpha, otherAlpha) && Arrays.equals(beta, otherBeta);
        }

        synchronized double probability(int i) {
            if (p == null) {
                p = new double[alpha.length];
                Arrays.fill(p, Double.NaN);
            }
            if (Double.isNaN(p[i])) {
                p[i] = floor(BetaArgmax.probability(i, alpha, beta));
            }
            return p[i];
        }

        /** How many probabilities have been computed so far. */
        synchronized int computed() {
            int n = 0;
            for (int i = 0; p != null && i < p.length; i++) {
                n += Double.isNaN(p[i]) ? 0 : 1;
            }
            return n;
        }

        double[] all() {
            double[] all = new double[alpha.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = probability(i);
            }
            return all;
        }
    }

    /** The memo key of the exact probabilities: this policy's, distinct from its draws'. */
    private record ExactKey(ThompsonPolicy policy) {
    }

    private static double floor(double p) {
        return Math.min(1, Math.max(Double.MIN_NORMAL, p));
    }

    private double[] estimate(Estimates estimates, RandomGenerator random) {
        int k = estimates.size();
        double[] wins = new double[k];
        double[] sample = new double[k];
        for (int m = 0; m < draws; m++) {
            estimates.sample(random, sample);
            double best = Double.NEGATIVE_INFINITY;
            int tied = 0;
            for (int i = 0; i < k; i++) {
                if (sample[i] > best) {
                    best = sample[i];
                    tied = 1;
                } else if (sample[i] == best) {
                    tied++;
                }
            }
            double share = 1.0 / tied;
            for (int i = 0; i < k; i++) {
                if (sample[i] == best) {
                    wins[i] += share;
                }
            }
        }

        return smoothed(wins);
    }

    /** {@code p_a = (wins_a + 1/K) / (M + 1)}. */
    private double[] smoothed(double[] wins) {
        int k = wins.length;
        double[] p = new double[k];
        for (int i = 0; i < k; i++) {
            p[i] = (wins[i] + 1.0 / k) / (draws + 1);
        }
        return p;
    }
}
