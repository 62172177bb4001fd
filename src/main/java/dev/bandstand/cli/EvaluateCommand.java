package dev.bandstand.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/** {@code bandstand evaluate}: off-policy evaluation of a policy on a decision log. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a policy off-policy on a decision log (not available yet).")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Unmatched
    private List<String> arguments;

    // TODO(simulation): the off-policy evaluation work replaces this placeholder.
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("bandstand evaluate: not available yet");
        return ExitCodes.NOT_AVAILABLE;
    }
}
