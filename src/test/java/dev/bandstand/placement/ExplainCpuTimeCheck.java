package dev.bandstand.placement;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;

/**
 * The {@link ExplainBenchmark} loop timed by this thread's CPU time, a cross-check of the JMH
 * wall-clock figures on a busy machine. Rounds with and without explanations alternate, and
 * which of the two goes first alternates too (A B, B A, ...), so that drift in the machine's
 * load and in the JIT hits both alike. After {@value #WARM} warm-up rounds it prints, per
 * policy, the median CPU time per decision of each side and the median of the per-round
 * ratios. Not a JMH benchmark: no forks, no blackholes.
 */
public final class ExplainCpuTimeCheck {

    private static final int WARM = 4;
    private static final int ROUNDS = 20;
    private static final int DECISIONS = 100_000;

    private ExplainCpuTimeCheck() {
    }

    /**
     * Runs {@value #WARM} + {@value #ROUNDS} alternating rounds of {@value #DECISIONS}
     * decisions per side and policy.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (String type : List.of("linucb", "thompson", "epsilon-greedy")) {
            ExplainBenchmark plain = bench(type, false);
            ExplainBenchmark explained = bench(type, true);
            double[] without = new double[ROUNDS];
            double[] with = new double[ROUNDS];
            double[] ratio = new double[ROUNDS];
            for (int round = -WARM; round < ROUNDS; round++) {
                boolean plainFirst = (round & 1) == 0;
                long[] cpu = new long[2];
                for (int side = 0; side < 2; side++) {
                    ExplainBenchmark b = (side == 0) == plainFirst ? plain : explained;
                    long start = threads.getCurrentThreadCpuTime();
                    for (int i = 0; i < DECISIONS; i++) {
                        sink += b.decide().explanations().size();
                    }
                    cpu[b == plain ? 0 : 1] = threads.getCurrentThreadCpuTime() - start;
                }
                if (round >= 0) {
                    without[round] = cpu[0] / (double) DECISIONS;
                    with[round] = cpu[1] / (double) DECISIONS;
                    ratio[round] = with[round] / without[round];
                }
            }
            System.out.printf("%-15s decide %7.0f ns CPU  explained %7.0f ns CPU  added %+5.1f%%"
                    + " (median of %d rounds; ratios from %+.1f%% to %+.1f%%)%n", type,
                    median(without), median(with), 100 * (median(ratio) - 1), ROUNDS,
                    100 * (min(ratio) - 1), 100 * (max(ratio) - 1));
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** The median of {@code values}; also used by the api package's check. */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static ExplainBenchmark bench(String type, boolean explain) {
        ExplainBenchmark b = new ExplainBenchmark();
        b.type = type;
        b.explain = explain;
        b.setUp();
        return b;
    }
}
