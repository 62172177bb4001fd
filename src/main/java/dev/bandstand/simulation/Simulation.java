package dev.bandstand.simulation;

import dev.bandstand.simulation.environment.Environment;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario: every policy times every replicate against one environment, on a pool of
 * worker threads, each run with its own seeded generators (see {@link Seeds}), so that the
 * same seed gives the same numbers whatever the number of threads.
 */
public final class Simulation {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    /**
     * How to run.
     *
     * @param threads worker threads, at least 1
     * @param progress where progress goes, or null for none
     * @param terminal true to draw a bar in place, false for plain periodic lines
     * @param mode label of how the service is driven, for the report
     */
    public record Options(int threads, PrintWriter progress, boolean terminal, String mode) {

        /** No progress output, one thread per core, the in-process engine. */
        public static Options quiet() {
            return new Options(Runtime.getRuntime().availableProcessors(), null, false,
                    "engine");
        }
    }

    private Simulation() {
    }

    /**
     * Runs {@code scenario} against {@code environment}, opening one bandit per run from
     * {@code bandits}. Blocks until every run is over.
     *
     * @throws IllegalStateException when a run fails, with its cause
     */
    public static SimulationResult run(Scenario scenario, Environment environment,
            BanditFactory bandits, Options options) {
        List<Run> runs = new ArrayList<>();
        long total = (long) environment.rounds() * scenario.replicates()
                * scenario.policies().size();
        Progress progress = options.progress() == null ? null : new Progress(total,
                options.progress(), options.terminal(), Duration.ofSeconds(10));
        java.util.concurrent.atomic.LongAdder counter = progress == null
                ? new java.util.concurrent.atomic.LongAdder() : progress.counter();
        for (int p = 0; p < scenario.policies().size(); p++) {
            for (int r = 0; r < scenario.replicates(); r++) {
                runs.add(new Run(environment, scenario.policies().get(p), p, r,
                        scenario.seed(), bandits, counter));
            }
        }
        LOG.debug("Simulation {} started: {} runs of {} rounds on {} threads", scenario.name(),
                runs.size(), environment.rounds(), options.threads());

        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "simulation-worker");
            t.setDaemon(true);
            return t;
        });
        List<RunResult> results = new ArrayList<>();
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (Run run : runs) {
                futures.add(pool.submit(run));
            }
            for (Future<RunResult> f : futures) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("a simulation run failed: "
                    + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("simulation interrupted", e);
        } finally {
            pool.shutdownNow();
            if (progress != null) {
                progress.close();
            }
        }
        LOG.debug("Simulation {} finished", scenario.name());
        return new SimulationResult(scenario, environment.name(), environment.notes(),
                environment.baselines(), environment.slateSize(), results, options.mode());
    }
}
