package dev.bandstand.simulation;

import dev.bandstand.config.ConfigLoader;
import dev.bandstand.simulation.environment.Environment;
import dev.bandstand.simulation.environment.Environments;
import dev.bandstand.simulation.log.IoReasons;
import dev.bandstand.simulation.report.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
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

    /** Most worker threads. */
    public static final int MAX_THREADS = 1024;

    /** The data folder when {@code --data} is not given, relative to the working folder. */
    static final Path DEFAULT_DATA = Path.of("..", "shared", "data");

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
            if (httpUrl != null) {
                checkHttpUrl(httpUrl);
            }
            if (redisUri != null && httpUrl != null) {
                throw new IllegalArgumentException("--redis and --through-http exclude each "
                        + "other: the server keeps its own store");
            }
            if (fast && (redisUri != null || httpUrl != null)) {
                throw new IllegalArgumentException("--fast calls the policy directly: it "
                        + "excludes --redis and --through-http");
            }
            if (threads < 1 || threads > MAX_THREADS) {
                throw new IllegalArgumentException("--threads must be a whole number in 1.."
                        + MAX_THREADS + ", was " + threads);
            }
            if (replicates != null
                    && (replicates < 1 || replicates > ScenarioLoader.MAX_REPLICATES)) {
                throw new IllegalArgumentException("--replicates must be a whole number in 1.."
                        + ScenarioLoader.MAX_REPLICATES + ", was " + replicates);
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
        if (options.httpUrl() != null && scenario.replicates() > 1) {
            throw new IllegalArgumentException("--through-http sends every replicate to"
                    + " the same server placements, so replicate 2 would start from"
                    + " replicate 1's learning: use --replicates 1 (the scenario asks for "
                    + scenario.replicates() + ") and restart the server between runs");
        }
        Path data = dataFolder(options.data(), DEFAULT_DATA, scenario.environment());
        Path dir = reportFolder(options.out(), scenario.name());

        if (scenario.environment().equals(ObdOpeScenario.TYPE)) {
            return ObdOpeScenario.run(scenario, data, dir, options, out, err, terminal);
        }
        List<String> placements = scenario.policies().stream()
                .map(p -> p.placement().name()).toList();
        if (options.httpUrl() != null) {
            err.println("simulate: through " + options.httpUrl() + ", placements "
                    + String.join(", ", placements));
            err.flush();
        }
        Environment env = environment(scenario, options.scenario(), data);
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

    /**
     * The data folder: {@code --data} when given, which must be a folder, else
     * {@code fallback} (normally {@link #DEFAULT_DATA}) when it exists, else null (enough for
     * synthetic environments).
     *
     * @throws IllegalArgumentException when {@code --data} is not a folder, or when the
     *     environment reads a dataset and there is no folder to read it from
     */
    static Path dataFolder(Path given, Path fallback, String environment) {
        if (given != null) {
            if (!Files.exists(given)) {
                throw new IllegalArgumentException("--data " + given + ": no such folder");
            }
            if (!Files.isDirectory(given)) {
                throw new IllegalArgumentException("--data " + given
                        + " is a file, not a folder");
            }
            return given;
        }
        if (Files.isDirectory(fallback)) {
            return fallback;
        }
        if (!environment.equals(Environments.SYNTHETIC)) {
            throw new IllegalArgumentException("environment " + environment + " reads a"
                    + " dataset, but no --data was given and the default data folder "
                    + fallback + " (" + fallback.toAbsolutePath().normalize()
                    + ") does not exist: pass --data DIR, the folder holding the datasets"
                    + " (see simulations/README.md)");
        }
        return null;
    }

    /** Refuses a {@code --through-http} value that is not an http(s) URL with a host. */
    static void checkHttpUrl(String url) {
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--through-http is not a URL: " + e.getReason());
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http")
                || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("--through-http must be an http:// or https://"
                    + " URL with a host, such as http://127.0.0.1:8080, was " + url);
        }
    }

    /**
     * The report folder, {@code --out} or {@code out/<scenario name>}, created now so that a
     * run never ends unable to write its report.
     *
     * @throws IllegalArgumentException when it is a file or cannot be created or written
     */
    static Path reportFolder(Path given, String scenarioName) {
        if (given != null && given.toString().isBlank()) {
            // an empty path is the working folder, where the report would overwrite files
            throw new IllegalArgumentException("--out must name a folder, was empty");
        }
        Path dir = given != null ? given : Path.of("out", scenarioName);
        String named = given != null ? "--out " + dir : "the report folder " + dir
                + " (the default of --out)";
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(named + " is a file, not a folder");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(named + ": cannot create the folder ("
                    + IoReasons.describe(e) + ")", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(named + ": the folder is not writable");
        }
        return dir;
    }

    /**
     * The scenario's environment on its data. A parameter that only the data shows to be
     * wrong is reported naming the file, as the loader names it for the others.
     */
    private static Environment environment(Scenario scenario, Path file, Path data)
            throws IOException {
        Environment env;
        try {
            env = Environments.create(scenario.environment(), scenario.parameters(), data);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        if (env.rounds() < 1) {
            throw new IllegalArgumentException(file + ": environment " + env.name()
                    + " has no rounds with these parameters and this data");
        }
        return env;
    }
}
