package dev.bandstand.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Accumulates one run's metrics round by round and keeps checkpoints for the traces. */
final class Recorder {

    /** Checkpoints kept per run, enough for smooth charts and small CSV files. */
    static final int CHECKPOINTS = 200;

    private final List<String> baselineNames;
    private final long every;
    private final long total;
    private final List<Long> steps = new ArrayList<>();
    private final List<double[]> points = new ArrayList<>();
    private final Map<String, double[]> segments = new HashMap<>();
    private final double[] sums;
    private long rounds;

    Recorder(List<String> baselineNames, long total) {
        this.baselineNames = baselineNames;
        this.total = total;
        this.every = Math.max(1, total / CHECKPOINTS);
        this.sums = new double[3 + baselineNames.size()];
    }

    /** Adds one round: realised and expected reward, the oracle's, and the baselines'. */
    void add(String segment, double reward, double value, double oracle, double[] baselines) {
        sums[0] += reward;
        sums[1] += value;
        sums[2] += oracle;
        double[] seg = segments.computeIfAbsent(segment, s -> new double[4 + baselines.length]);
        seg[0] += 1;
        seg[1] += reward;
        seg[2] += value;
        seg[3] += oracle;
        for (int b = 0; b < baselines.length; b++) {
            sums[3 + b] += baselines[b];
            seg[4 + b] += baselines[b];
        }
        rounds++;
        if (rounds % every == 0 || rounds == total) {
            steps.add(rounds);
            points.add(sums.clone());
        }
    }

    /** The trace, once the run is over. */
    RunResult result(String policy, int replicate, long nanos) {
        if (steps.isEmpty() || steps.get(steps.size() - 1) != rounds) {
            steps.add(rounds);
            points.add(sums.clone());
        }
        int n = steps.size();
        long[] st = new long[n];
        double[][] cols = new double[sums.length][n];
        for (int i = 0; i < n; i++) {
            st[i] = steps.get(i);
            for (int c = 0; c < sums.length; c++) {
                cols[c][i] = points.get(i)[c];
            }
        }
        Map<String, double[]> base = new LinkedHashMap<>();
        for (int b = 0; b < baselineNames.size(); b++) {
            base.put(baselineNames.get(b), cols[3 + b]);
        }
        Map<String, RunResult.Segment> segs = new TreeMap<>();
        segments.forEach((name, s) -> {
            List<Double> bl = new ArrayList<>();
            for (int b = 4; b < s.length; b++) {
                bl.add(s[b]);
            }
            segs.put(name, new RunResult.Segment((long) s[0], s[1], s[2], s[3], bl));
        });
        return new RunResult(policy, replicate, st, cols[0], cols[1], cols[2], base, segs,
                nanos);
    }
}
