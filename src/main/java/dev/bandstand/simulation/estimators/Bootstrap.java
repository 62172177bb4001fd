package dev.bandstand.simulation.estimators;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap (Efron and Tibshirani 1993, "An Introduction to the Bootstrap",
 * ch. 13) of a ratio-of-sums statistic: B resamples of the n rounds drawn with replacement,
 * the statistic recomputed on each, and the interval read off the empirical quantiles
 * (Hyndman and Fan type 7, linear interpolation between order statistics).
 *
 * <p>Resamples come in fixed chunks, each with its own generator derived from the seed and
 * the chunk index, so the result depends on the seed only, never on the thread count or the
 * scheduling. A resample whose denominator sums to 0 (SNIPS or replay with no supported
 * round drawn) has no value; it is left out and counted.
 *
 * <p>The statistic sees a resample as the multiplicity of each round, so one that depends on
 * a fitted model (the direct method, doubly robust) can refit the model on the resample
 * ({@link #refitting}); with a model fitted once on the whole log the interval would leave
 * out the model's own uncertainty and be too narrow.
 *
 * <p>Limitations: the rounds are treated as independent; for an adaptive target policy, whose
 * probabilities depend on earlier rounds, the interval ignores that dependence and tends to be
 * too narrow.
 */
final class Bootstrap {

    /** Resamples per chunk: the unit of parallel work and of seeding. */
    static final int CHUNK = 32;

    /** Interval and the number of resamples that had no value. */
    record Interval(double lower, double upper, int undefined) {
    }

    private Bootstrap() {
    }

    /** A statistic of a resample: its value, or NaN when it has none. */
    interface Statistic {

        /** The value on a resample in which round t appears {@code counts[t]} times. */
        double value(int[] counts);
    }

    /** The percentile interval of {@code terms} at {@code settings.confidence()}. */
    static Interval interval(Terms terms, EstimatorSettings settings) {
        return interval(terms::value, terms.num.length, settings);
    }

    /**
     * The direct method's or doubly robust's statistic with the reward model refitted on each
     * resample: {@code (1/m) sum_t c_t term_t(q*)}, {@code q*} the predictions of the model
     * fitted on the resample, m its size.
     *
     * @param w each round's importance weight
     */
    static Statistic refitting(Estimator estimator, List<Round> rounds, double[] w,
            RewardModelFit fit) {
        return counts -> {
            double[][] q = fit.fit(counts);
            double sum = 0;
            long size = 0;
            for (int t = 0; t < counts.length; t++) {
                int c = counts[t];
                if (c != 0) {
                    sum += c * Terms.modelTerm(estimator, rounds.get(t), q[t], w[t]);
                    size += c;
                }
            }
            return size == 0 ? Double.NaN : sum / size;
        };
    }

    /**
     * The percentile interval of {@code statistic} over resamples of {@code n} rounds, at
     * {@code settings.confidence()}.
     */
    static Interval interval(Statistic statistic, int n, EstimatorSettings settings) {
        int b = settings.bootstrap();
        double[] values = new double[b];
        int chunks = (b + CHUNK - 1) / CHUNK;
        IntStream work = IntStream.range(0, chunks);
        if (settings.threads() > 1) {
            ForkJoinPool pool = new ForkJoinPool(settings.threads());
            try {
                pool.submit(() -> work.parallel()
                        .forEach(c -> chunk(statistic, n, settings.seed(), c, values))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bootstrap interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("bootstrap failed", e.getCause());
            } finally {
                pool.shutdown();
            }
        } else {
            work.forEach(c -> chunk(statistic, n, settings.seed(), c, values));
        }

        double[] defined = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();
        int undefined = b - defined.length;
        if (defined.length == 0) {
            return new Interval(Double.NaN, Double.NaN, undefined);
        }
        double alpha = 1 - settings.confidence();
        return new Interval(quantile(defined, alpha / 2), quantile(defined, 1 - alpha / 2),
                undefined);
    }

    private static void chunk(Statistic statistic, int n, long seed, int c, double[] out) {
        // An independent stream per chunk, fixed by (seed, chunk): thread-count invariant.
        SplittableRandom random = new SplittableRandom(seed ^ (0x5851F42D4C957F2DL * (c + 1L)));
        int[] counts = new int[n];
        int end = Math.min(out.length, (c + 1) * CHUNK);
        for (int i = c * CHUNK; i < end; i++) {
            Arrays.fill(counts, 0);
            for (int k = 0; k < n; k++) {
                counts[random.nextInt(n)]++;
            }
            out[i] = statistic.value(counts);
        }
    }

    /** Type-7 quantile of sorted values: {@code x[h] } interpolated at {@code h = (N-1)p}. */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
