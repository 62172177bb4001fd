package dev.bandstand.simulation;

import java.util.List;
import java.util.Map;

/**
 * The trace of one run of one policy: cumulative sums at checkpoints and totals per context
 * segment. Arrays are owned by the result and must not be modified.
 *
 * @param policy policy name
 * @param replicate 0-based replicate index
 * @param steps number of rounds played at each checkpoint, increasing, the last the total
 * @param reward cumulative realised reward at each checkpoint
 * @param value cumulative expected reward of the choices made
 * @param oracle cumulative expected reward of the best choices
 * @param baselines per baseline name, its cumulative expected reward
 * @param segments per segment label, its totals
 * @param nanos wall-clock time of the run's rounds, decision and reward
 */
public record RunResult(
        String policy,
        int replicate,
        long[] steps,
        double[] reward,
        double[] value,
        double[] oracle,
        Map<String, double[]> baselines,
        Map<String, Segment> segments,
        long nanos) {

    /** Rounds played. */
    public long rounds() {
        return steps.length == 0 ? 0 : steps[steps.length - 1];
    }

    /** Index of the checkpoint closest to half of the run. */
    public int halfway() {
        long half = rounds() / 2;
        int best = 0;
        for (int i = 0; i < steps.length; i++) {
            if (Math.abs(steps[i] - half) < Math.abs(steps[best] - half)) {
                best = i;
            }
        }
        return best;
    }

    /** Cumulative pseudo-regret (oracle minus expected reward of the choices) at each point. */
    public double[] regret() {
        double[] r = new double[steps.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = oracle[i] - value[i];
        }
        return r;
    }

    /**
     * Totals of one context segment.
     *
     * @param rounds rounds in the segment
     * @param reward realised reward
     * @param value expected reward of the choices
     * @param oracle expected reward of the best choices
     * @param baselines expected reward of each baseline, in the environment's order
     */
    public record Segment(long rounds, double reward, double value, double oracle,
            List<Double> baselines) {
    }
}
