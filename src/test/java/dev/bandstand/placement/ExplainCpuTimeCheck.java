package dev.bandstand.placement;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;

/**
 * The {@link ExplainBenchmark} loop timed by this thread's CPU time, a cross-check of the JMH
 * wall-clock figures on a busy machine. Rounds with and without explanations alternate, so
 * that drift in the machine's load hits both alike. Prints one line per policy and round.
 * Not a JMH benchmark: no forks, no blackholes.
 */
public final class ExplainCpuTimeCheck {

    private ExplainCpuTimeCheck() {
    }

    /**
     * Runs 8 alternating rounds of 50,000 decisions per policy.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (String type : List.of("linucb", "thompson", "epsilon-greedy")) {
            ExplainBenchmark plain = bench(type, false);
            ExplainBenchmark explained = bench(type, true);
            int n = 50_000;
            for (int round = 0; round < 8; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    sink += plain.decide().slots().size();
                }
                long middle = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    sink += explained.decide().explanations().size();
                }
                long end = threads.getCurrentThreadCpuTime();
                double without = (middle - start) / (double) n;
                double with = (end - middle) / (double) n;
                // the first rounds warm the JIT; they are printed but not meant to be read
                System.out.printf("%-15s round %d  decide %8.0f ns CPU  explained %8.0f ns CPU"
                        + "  +%5.1f%%%n", type, round, without, with,
                        100 * (with / without - 1));
            }
        }
        System.out.println("(checksum " + sink + ")");
    }

    private static ExplainBenchmark bench(String type, boolean explain) {
        ExplainBenchmark b = new ExplainBenchmark();
        b.type = type;
        b.explain = explain;
        b.setUp();
        return b;
    }
}
