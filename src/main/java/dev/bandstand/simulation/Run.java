package dev.bandstand.simulation;

import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Round;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * One run of one policy against an environment: rounds in order, each a decision and, now
 * or after the environment's delay, its rewards. Owns its generators, so its result does
 * not depend on the thread it runs on.
 */
final class Run implements Callable<RunResult> {

    private static final int PROGRESS_BATCH = 1024;

    private final Environment env;
    private final Scenario.PolicySpec spec;
    private final int policyIndex;
    private final int replicate;
    private final long seed;
    private final BanditFactory factory;
    private final LongAdder progress;

    Run(Environment env, Scenario.PolicySpec spec, int policyIndex, int replicate, long seed,
            BanditFactory factory, LongAdder progress) {
        this.env = env;
        this.spec = spec;
        this.policyIndex = policyIndex;
        this.replicate = replicate;
        this.seed = seed;
        this.factory = factory;
        this.progress = progress;
    }

    @Override
    public RunResult call() {
        SplittableRandom contexts = Seeds.of(seed, replicate, Seeds.CONTEXTS, 0);
        SplittableRandom rewards = Seeds.of(seed, replicate, Seeds.REWARDS, 0);
        SplittableRandom policy = Seeds.of(seed, replicate, Seeds.POLICY, policyIndex);
        int rounds = env.rounds();
        int k = env.slateSize();
        Recorder recorder = new Recorder(env.baselines(), rounds);
        Map<Integer, List<Late>> due = new HashMap<>();
        Instant now = Instant.EPOCH;
        int unreported = 0;

        long start = System.nanoTime();
        try (Bandit bandit = factory.open(spec.placement(), policy)) {
            for (int step = 0; step < rounds; step++) {
                Round round = env.round(step, contexts);
                now = round.context().timestamp();
                List<Late> ready = due.remove(step);
                if (ready != null) {
                    deliver(bandit, ready, now);
                }

                Bandit.Choice choice = bandit.decide(round, k, now);
                double realised = 0;
                double[] slots = new double[k];
                for (int s = 0; s < k; s++) {
                    slots[s] = env.reward(round, choice.chosen()[s], s, rewards);
                    realised += slots[s];
                }
                int delay = env.delay(round, rewards);
                if (delay == 0) {
                    for (int s = 0; s < k; s++) {
                        bandit.reward(choice, s, slots[s], now);
                    }
                } else {
                    due.computeIfAbsent(step + delay, d -> new ArrayList<>())
                            .add(new Late(choice, slots, now));
                }
                recorder.add(round.segment(), realised, env.value(round, choice.chosen()),
                        env.oracle(round), round.baselines());
                if (++unreported == PROGRESS_BATCH) {
                    progress.add(unreported);
                    unreported = 0;
                }
            }
            for (List<Late> rest : due.values()) {
                deliver(bandit, rest, now);
            }
        }
        progress.add(unreported);
        return recorder.result(spec.name(), replicate, System.nanoTime() - start);
    }

    private static void deliver(Bandit bandit, List<Late> late, Instant now) {
        for (Late l : late) {
            Instant at = now.isBefore(l.decidedAt) ? l.decidedAt : now;
            for (int s = 0; s < l.slots.length; s++) {
                bandit.reward(l.choice, s, l.slots[s], at);
            }
        }
    }

    /** Rewards on their way to the bandit. */
    private record Late(Bandit.Choice choice, double[] slots, Instant decidedAt) {
    }
}
