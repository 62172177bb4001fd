package dev.bandstand.simulation.estimators;

/**
 * Knobs of an off-policy evaluation: bootstrap size and seed, the clipping cap, the
 * confidence level and how many threads the bootstrap may use. Immutable.
 *
 * @param bootstrap number B of bootstrap resamples, at least 1
 * @param seed seed of every random choice (bootstrap resamples and replay's rejection draws);
 *     the same seed and rounds give the same estimates, whatever {@code threads} is
 * @param clip cap M on the importance weights of clipped IPS, greater than 0
 * @param confidence confidence level of the interval, in (0, 1), such as 0.95
 * @param threads threads the bootstrap runs on, at least 1
 */
public record EstimatorSettings(
        int bootstrap, long seed, double clip, double confidence, int threads) {

    /** Default number of bootstrap resamples. */
    public static final int DEFAULT_BOOTSTRAP = 1000;

    /** Default seed. */
    public static final long DEFAULT_SEED = 1L;

    /**
     * Default clipping cap M: large enough to leave uniform-random logs of up to 100 arms
     * untouched, small enough to stop one tiny propensity from dominating.
     */
    public static final double DEFAULT_CLIP = 100.0;

    /** Default confidence level. */
    public static final double DEFAULT_CONFIDENCE = 0.95;

    /** Default thread count: the two cores the project's machines have. */
    public static final int DEFAULT_THREADS = 2;

    /** Checks every value; throws {@link IllegalArgumentException} naming the field. */
    public EstimatorSettings {
        if (bootstrap < 1) {
            throw new IllegalArgumentException("bootstrap must be >= 1: " + bootstrap);
        }
        if (!(clip > 0) || Double.isNaN(clip)) {
            throw new IllegalArgumentException("clip must be > 0: " + clip);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
    }

    /** The defaults: B = 1000, seed 1, M = 100, 95% intervals, 2 threads. */
    public static EstimatorSettings defaults() {
        return new EstimatorSettings(DEFAULT_BOOTSTRAP, DEFAULT_SEED, DEFAULT_CLIP,
                DEFAULT_CONFIDENCE, DEFAULT_THREADS);
    }

    /** A copy with another bootstrap size. */
    public EstimatorSettings withBootstrap(int b) {
        return new EstimatorSettings(b, seed, clip, confidence, threads);
    }

    /** A copy with another seed. */
    public EstimatorSettings withSeed(long s) {
        return new EstimatorSettings(bootstrap, s, clip, confidence, threads);
    }

    /** A copy with another clipping cap. */
    public EstimatorSettings withClip(double m) {
        return new EstimatorSettings(bootstrap, seed, m, confidence, threads);
    }

    /** A copy with another thread count. */
    public EstimatorSettings withThreads(int t) {
        return new EstimatorSettings(bootstrap, seed, clip, confidence, t);
    }
}
