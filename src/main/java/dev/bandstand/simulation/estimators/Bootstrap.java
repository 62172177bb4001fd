package dev.bandstand.simulation.estimators;

import java.util.Arrays;
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
 * <p>Limitations: the rounds are treated as independent; for an adaptive target policy, whose
 * probabilities depend on earlier rounds, and for a reward model fitted on the same log, the
 * interval ignores that dependence and tends to be too narrow.
 */
// TODO(model uncertainty): refit the DM/DR reward model inside each resample.
final class Bootstrap {

    /** Resamples per chunk: the unit of parallel work and of seeding. */
    static final int CHUNK = 32;

    /** Interval and the number of resamples that had no value. */
    record Interval(double lower, double upper, int undefined) {
    }

    private Bootstrap() {
    }

    /** The percentile interval of {@code terms} at {@code settings.confidence()}. */
    static Interval interval(Terms terms, EstimatorSettings settings) {
        int b = settings.bootstrap();
        double[] values = new double[b];
        int chunks = (b + CHUNK - 1) / CHUNK;
        IntStream work = IntStream.range(0, chunks);
        if (settings.threads() > 1) {
            ForkJoinPool pool = new ForkJoinPool(settings.threads());
            try {
                pool.submit(() -> work.parallel()
                        .forEach(c -> chunk(terms, settings.seed(), c, values))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("bootstrap interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("bootstrap failed", e.getCause());
            } finally {
                pool.shutdown();
            }
        } else {
            work.forEach(c -> chunk(terms, settings.seed(), c, values));
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

    private static void chunk(Terms terms, long seed, int c, double[] out) {
        // An independent stream per chunk, fixed by (seed, chunk): thread-count invariant.
        SplittableRandom random = new SplittableRandom(seed ^ (0x5851F42D4C957F2DL * (c + 1L)));
        int n = terms.num.length;
        int end = Math.min(out.length, (c + 1) * CHUNK);
        for (int i = c * CHUNK; i < end; i++) {
            double a = 0;
            double d = 0;
            for (int k = 0; k < n; k++) {
                int t = random.nextInt(n);
                a += terms.num[t];
                d += terms.den == null ? 1 : terms.den[t];
            }
            out[i] = d == 0 ? Double.NaN : a / d;
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
