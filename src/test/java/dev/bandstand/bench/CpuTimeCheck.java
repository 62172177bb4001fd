package dev.bandstand.bench;

import dev.bandstand.config.FeatureSettings;
import dev.bandstand.config.PolicySettings;
import dev.bandstand.context.Arm;
import dev.bandstand.context.Context;
import dev.bandstand.policy.Model;
import dev.bandstand.policy.Policies;
import dev.bandstand.policy.Policy;
import dev.bandstand.policy.Update;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A cross-check of the JMH wall-clock figures on a busy machine: the same choose and update
 * loops as the benchmarks, timed by this thread's CPU time, which leaves out the time the
 * thread waits for a core while other processes run. Prints one line per policy and round;
 * run by {@code bench/jmh.sh --cpu-time}. Not a JMH benchmark: no forks, no blackholes.
 */
public final class CpuTimeCheck {

    private CpuTimeCheck() {
    }

    /**
     * Runs the loops for 10 candidates.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<Arm> arms = BenchFixtures.arms(10);
        List<Context> contexts = BenchFixtures.contexts();
        long sink = 0;
        for (String type : List.of("thompson", "ucb1", "linucb", "linear-thompson")) {
            BenchFixtures.DenseEncoder encoder =
                    new BenchFixtures.DenseEncoder(FeatureSettings.DEFAULT_DIMENSIONS, arms);
            Model model = BenchFixtures.warmModel(type, arms, encoder, 5_000, 1);
            Policy policy = Policies.create(new PolicySettings(type, Map.of()));
            SplittableRandom random = new SplittableRandom(2);
            int n = type.equals("linear-thompson") ? 500 : 100_000;
            for (int round = 0; round < 5; round++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    sink += BenchFixtures.choose(model, policy, contexts.get(i & 7), arms, random);
                }
                long chosen = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < n; i++) {
                    Update u = model.updateFor(contexts.get(i & 7), arms.get(random.nextInt(10)));
                    model.decided(u, 1);
                    model.rewarded(u, random.nextDouble(), 1);
                }
                long updated = threads.getCurrentThreadCpuTime();
                System.out.printf("%-16s round %d  choose %8.0f ns CPU  update %6.0f ns CPU%n",
                        type, round, (chosen - start) / (double) n,
                        (updated - chosen) / (double) n);
            }
        }
        System.out.println("(checksum " + sink + ")");
    }
}
