package dev.bandstand.bench;

import dev.bandstand.simulation.Scenario;
import dev.bandstand.simulation.ScenarioLoader;
import dev.bandstand.simulation.SimulationBenchmarks;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Simulated rounds per second on one thread: a decision and its reward per round, over a
 * pool of 10,000 pre-drawn synthetic rounds, through the engine ({@code Placements} with the
 * in-memory store) or the direct path (the same {@code Policy} and {@code Model} classes,
 * choosing with {@code Policy.choose}). One invocation plays {@value #ROUNDS} rounds.
 *
 * <p>Problems: {@code thompson-10} tabular Thompson sampling bucketed by part of day over 10
 * arms; {@code linucb-32x10} LinUCB with 32 hashed features over 10 arms;
 * {@code linear-3x18} LinUCB on the 3-action part-of-day problem with 18 features.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SimulationBenchmark {

    static final int ROUNDS = 100;

    /** The problem: see the class comment. */
    @Param({"thompson-10", "linucb-32x10", "linear-3x18"})
    public String problem;

    /** {@code engine} or {@code direct}. */
    @Param({"engine", "direct"})
    public String path;

    private SimulationBenchmarks.Loop loop;

    /** Draws the rounds and opens a fresh bandit. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Scenario s = ScenarioLoader.parse(SimulationBenchmarks.scenario(problem), problem);
        loop = SimulationBenchmarks.loop(s, path.equals("engine"), 10_000);
    }

    /** Plays {@value #ROUNDS} rounds: decision and reward each. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public double rounds() {
        return loop.play(ROUNDS);
    }
}
