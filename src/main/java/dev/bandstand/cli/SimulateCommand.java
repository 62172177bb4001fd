package dev.bandstand.cli;

import dev.bandstand.config.ConfigException;
import dev.bandstand.simulation.ScenarioLoader;
import dev.bandstand.simulation.Simulate;
import dev.bandstand.simulation.log.IoReasons;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bandstand simulate SCENARIO.yaml}: runs a scenario file's policies against its
 * environment through the service's own code and writes the report. The table goes to
 * standard output, progress to standard error.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a simulation scenario (see simulations/README.md): policies against"
                + " an environment with known truth, through the service's own engine.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check of the scenario holds",
            "1:a check failed, or the run failed (data unreadable, store unreachable)",
            "2:bad command line or scenario file"})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario file (YAML).")
    private Path scenario;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder of the datasets, or one dataset folder (default:"
                    + " ../shared/data from the working folder, when it exists).")
    private Path data;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Report folder, created before the run (default: out/<scenario"
                    + " name>).")
    private Path out;

    @Option(names = "--seed", paramLabel = "N",
            description = "Overrides the scenario's seed (a 64-bit whole number).")
    private Long seed;

    @Option(names = "--replicates", paramLabel = "N",
            description = "Overrides the scenario's number of replicates (1.."
                    + ScenarioLoader.MAX_REPLICATES + ").")
    private Integer replicates;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads, 1.." + Simulate.MAX_THREADS
                    + "; runs go in parallel (default: one per core).")
    private int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--redis", paramLabel = "URI",
            description = "Keep statistics in this Redis through RedisStatsStore.")
    private String redis;

    @Option(names = "--through-http", paramLabel = "URL",
            description = "Send the traffic to a running Bandstand server at this URL.")
    private String http;

    @Option(names = "--fast",
            description = "Call the service's policy and model directly (one posterior draw for"
                    + " Thompson sampling) instead of the engine, for long runs.")
    private boolean fast;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        try {
            Simulate.Options options = new Simulate.Options(scenario, data, out, seed,
                    replicates, threads, redis, http, fast);
            boolean held = Simulate.run(options, stdout, stderr, Terminal.stderr());
            stdout.flush();
            return held ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (IllegalArgumentException | ConfigException e) {
            stderr.println("bandstand simulate: " + e.getMessage());
            return ExitCodes.USAGE;
        } catch (IOException e) {
            if (e instanceof NoSuchFileException n && scenario.toString().equals(n.getFile())) {
                stderr.println("bandstand simulate: no such scenario file: " + n.getFile());
                return ExitCodes.USAGE;
            }
            stderr.println("bandstand simulate: " + IoReasons.describe(e));
            return ExitCodes.FAILURE;
        } catch (IllegalStateException e) {
            stderr.println("bandstand simulate: " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
