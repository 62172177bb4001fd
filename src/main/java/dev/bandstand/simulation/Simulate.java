package dev.bandstand.simulation;

import dev.bandstand.config.ConfigLoader;
import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.report.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code bandstand simulate} does, without the command-line parsing: load the scenario,
 * build its environment, run it through the chosen service path, print the table and write
 * the report files.
 */
public final class Simulate {

    /**
     * The command's options.
     *
     * @param scenario the scenario file
     * @param data the data root or dataset folder, or null
     * @param out the report folder, or null for {@code out/<scenario name>}
     * @param seed a seed overriding the scenario's, or null
     * @param replicates replicates overriding the scenario's, or null
     * @param threads worker threads, at least 1
     * @param redisUri a Redis URI to keep statistics in, or null
     * @param httpUrl a running Bandstand server's base URL to send the traffic to, or null
     * @param fast true to call the service's policy and model directly instead of the engine
     *     (see {@code DirectBandit}); only without Redis and HTTP
     */
    public record Options(Path scenario, Path data, Path out, Long seed, Integer replicates,
            int threads, String redisUri, String httpUrl, boolean fast) {

        /** Checks for nulls, exclusive modes and the Redis URI. */
        public Options {
            Objects.requireNonNull(scenario, "scenario");
            if (redisUri != null) {
                ConfigLoader.checkRedisUri("--redis", redisUri);
            }
            if (redisUri != null && httpUrl != null) {
                throw new IllegalArgumentException("--redis and --through-http exclude each "
                        + "other: the server keeps its own store");
            }
            if (fast && (redisUri != null || httpUrl != null)) {
                throw new IllegalArgumentException("--fast calls the policy directly: it "
                        + "excludes --redis and --through-http");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1: " + threads);
            }
        }
    }

    private Simulate() {
    }

    /**
     * Runs the command.
     *
     * @param out where the table goes (the command's standard output)
     * @param err where progress goes
     * @param terminal true when {@code err} is a terminal, for a progress bar
     * @return true when every check of the scenario holds
     */
    public static boolean run(Options options, PrintWriter out, PrintWriter err,
            boolean terminal) throws IOException {
        Scenario scenario = ScenarioLoader.load(options.scenario());
        if (options.seed() != null) {
            scenario = scenario.withSeed(options.seed());
        }
        if (options.replicates() != null) {
            scenario = scenario.withReplicates(options.replicates());
        }
        Path data = options.data() != null ? options.data() : defaultData();
        Path dir = options.out() != null ? options.out() : Path.of("out", scenario.name());

        if (scenario.environment().equals(ObdOpeScenario.TYPE)) {
            return ObdOpeScenario.run(scenario, data, dir, options, out, err, terminal);
        }
        List<String> placements = scenario.policies().stream()
                .map(p -> p.placement().name()).toList();
        if (options.httpUrl() != null) {
            if (scenario.replicates() > 1) {
                throw new IllegalArgumentException("--through-http sends every replicate to"
                        + " the same server placements, so replicate 2 would start from"
                        + " replicate 1's learning: use --replicates 1 (the scenario asks for "
                        + scenario.replicates() + ") and restart the server between runs");
            }
            err.println("simulate: through " + options.httpUrl() + ", placements "
                    + String.join(", ", placements));
            err.flush();
        }
        Environment env = Environments.create(scenario.environment(), scenario.parameters(),
                data);
        try (Bandits bandits = Bandits.open(options, placements)) {
            SimulationResult result = Simulation.run(scenario, env, bandits.factory(),
                    new Simulation.Options(options.threads(), err, terminal, bandits.mode()));
            out.print(Reports.table(result));
            List<Path> files = Reports.write(result, dir);
            out.println();
            out.println("report: " + dir.resolve(Reports.HTML) + " (" + files.size()
                    + " files in " + dir + ")");
            return result.failedChecks().isEmpty();
        }
    }

    /** {@code ../shared/data} when it exists (the CI layout), else null. */
    static Path defaultData() {
        Path p = Path.of("..", "shared", "data");
        return Files.isDirectory(p) ? p : null;
    }
}
