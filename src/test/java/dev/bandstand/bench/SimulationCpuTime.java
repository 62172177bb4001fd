package dev.bandstand.bench;

import dev.bandstand.simulation.Scenario;
import dev.bandstand.simulation.ScenarioLoader;
import dev.bandstand.simulation.SimulationBenchmarks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The loops of {@link SimulationBenchmark} timed by this thread's CPU time, for a machine
 * shared with other work: 5 s of wall-clock warm-up, then {@code n} measurements of one
 * CPU-second each; prints the median, the lowest and the highest rounds per CPU-second.
 * Run: {@code java -cp <test classpath> dev.bandstand.bench.SimulationCpuTime PROBLEM PATH
 * [n]} with PROBLEM {@code thompson-10}, {@code linucb-32x10} or {@code linear-3x18} and PATH
 * {@code engine} or {@code direct}. Not a JMH benchmark: one process, no blackholes.
 */
public final class SimulationCpuTime {

    private SimulationCpuTime() {
    }

    /**
     * Measures one problem on one path.
     *
     * @param args problem, path and optionally the number of measurements (default 7)
     */
    public static void main(String[] args) throws Exception {
        String problem = args[0];
        boolean engine = args[1].equals("engine");
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Scenario s = ScenarioLoader.parse(SimulationBenchmarks.scenario(problem), problem);
        SimulationBenchmarks.Loop loop = SimulationBenchmarks.loop(s, engine, 10_000);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double sink = 0;

        long warm = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < warm) {
            sink += loop.play(100);
        }
        double[] rates = new double[n];
        for (int i = 0; i < n; i++) {
            long start = threads.getCurrentThreadCpuTime();
            long rounds = 0;
            while (threads.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
                sink += loop.play(1000);
                rounds += 1000;
            }
            rates[i] = rounds / ((threads.getCurrentThreadCpuTime() - start) / 1e9);
        }

        Arrays.sort(rates);
        System.out.printf(Locale.ROOT, "%s %s: median %.0f rounds per CPU-second (lowest %.0f,"
                + " highest %.0f, %d x 1 CPU-s; checksum %.0f)%n", problem, args[1],
                rates[n / 2], rates[0], rates[n - 1], n, sink);
    }
}
