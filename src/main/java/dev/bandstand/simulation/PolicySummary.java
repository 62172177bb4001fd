package dev.bandstand.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * One policy's numbers over its replicates: each metric's mean and the half-width of its 95%
 * Student-t confidence interval across replicates (NaN with one replicate).
 *
 * <p>Metrics, all per round unless named otherwise: {@code reward} realised reward,
 * {@code value} expected reward of the choices, {@code oracle} expected reward of the best
 * choices, {@code regret} cumulative pseudo-regret (oracle minus value, summed over the run),
 * {@code regretPerRound}, {@code lastHalfReward} and {@code lastHalfValue} over the second
 * half of the run, {@code roundsPerSecond} wall-clock rate of decision plus reward on one
 * thread, and for each baseline b: {@code b} its expected reward, {@code gainOver:b} value
 * minus b, and {@code regretOver:b} cumulative b minus value.
 */
public final class PolicySummary {

    /** The metrics of every summary, before those of the baselines. */
    private static final List<String> METRICS = List.of("reward", "value", "oracle", "regret",
            "regretPerRound", "lastHalfReward", "lastHalfValue", "roundsPerSecond");

    private final String policy;
    private final int replicates;
    private final Map<String, double[]> metrics = new LinkedHashMap<>();

    private PolicySummary(String policy, int replicates) {
        this.policy = policy;
        this.replicates = replicates;
    }

    /** Summarises the runs of one policy; all runs must have the same policy name. */
    public static PolicySummary of(List<RunResult> runs) {
        PolicySummary s = new PolicySummary(runs.get(0).policy(), runs.size());
        int n = runs.size();
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (int r = 0; r < n; r++) {
            RunResult run = runs.get(r);
            int last = run.steps().length - 1;
            int half = run.halfway();
            double rounds = run.rounds();
            double tail = rounds - run.steps()[half];
            put(samples, "reward", r, n, run.reward()[last] / rounds);
            put(samples, "value", r, n, run.value()[last] / rounds);
            put(samples, "oracle", r, n, run.oracle()[last] / rounds);
            put(samples, "regret", r, n, run.oracle()[last] - run.value()[last]);
            put(samples, "regretPerRound", r, n,
                    (run.oracle()[last] - run.value()[last]) / rounds);
            put(samples, "lastHalfReward", r, n,
                    (run.reward()[last] - run.reward()[half]) / tail);
            put(samples, "lastHalfValue", r, n, (run.value()[last] - run.value()[half]) / tail);
            put(samples, "roundsPerSecond", r, n, rounds / (run.nanos() / 1e9));
            for (Map.Entry<String, double[]> b : run.baselines().entrySet()) {
                double total = b.getValue()[last];
                put(samples, b.getKey(), r, n, total / rounds);
                put(samples, "gainOver:" + b.getKey(), r, n,
                        (run.value()[last] - total) / rounds);
                put(samples, "regretOver:" + b.getKey(), r, n, total - run.value()[last]);
            }
        }
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            s.metrics.put(e.getKey(), meanAndHalfWidth(e.getValue()));
        }
        return s;
    }

    /** Policy name. */
    public String policy() {
        return policy;
    }

    /** Number of replicates summarised. */
    public int replicates() {
        return replicates;
    }

    /**
     * The names of the metrics a summary has when its environment reports these baselines,
     * in report order: what a scenario's checks may name.
     */
    public static List<String> metricNames(List<String> baselines) {
        List<String> names = new ArrayList<>(METRICS);
        for (String b : baselines) {
            names.addAll(List.of(b, "gainOver:" + b, "regretOver:" + b));
        }
        return names;
    }

    /** Names of the metrics, in report order. */
    public Set<String> metricNames() {
        return metrics.keySet();
    }

    /** Mean of a metric over replicates; fails for an unknown name, naming it. */
    public double metric(String name) {
        return pair(name)[0];
    }

    /** Half-width of the 95% confidence interval of a metric; NaN with one replicate. */
    public double halfWidth(String name) {
        return pair(name)[1];
    }

    private double[] pair(String name) {
        double[] v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown metric: " + name + "; known: "
                    + metrics.keySet());
        }
        return v;
    }

    private static void put(Map<String, double[]> samples, String name, int r, int n, double v) {
        samples.computeIfAbsent(name, k -> new double[n])[r] = v;
    }

    /**
     * Mean and 95% Student-t interval half-width {@code t(0.975, n-1) * sd / sqrt(n)} of a
     * sample; the half-width is NaN for fewer than two values.
     *
     * @param x the sample, at least one value
     * @return a new array {mean, half-width}
     */
    public static double[] meanAndHalfWidth(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        if (n < 2) {
            return new double[] {mean, Double.NaN};
        }
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
        return new double[] {mean, t * sd / Math.sqrt(n)};
    }
}
