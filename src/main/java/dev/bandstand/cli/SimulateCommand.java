package dev.bandstand.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code bandstand simulate}: runs scenario files offline. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Run a simulation scenario offline (not available yet).")
final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Unmatched
    private List<String> arguments;

    // TODO(simulation): the simulation work replaces this placeholder.
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("bandstand simulate: not available yet");
        return ExitCodes.NOT_AVAILABLE;
    }
}
