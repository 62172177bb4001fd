package dev.bandstand.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code bandstand} command line: {@code serve}, {@code simulate}, {@code evaluate},
 * {@code report}.
 * Exit codes are those of {@link ExitCodes}.
 */
@Command(name = "bandstand",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Contextual-bandit decisions that learn online: which artwork to show,"
                + " which tracks to play.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (also after an orderly stop; a signal makes the JVM report 130/143)",
            "1:failed while running, such as a port in use",
            "2:bad command line or configuration"})
public final class Main implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** System property that logback.xml reads to choose the log stream. */
    static final String LOG_TARGET = "BANDSTAND_LOG_TARGET";

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        // before any class creates a logger: logback reads the property once, at start
        if (System.getProperty(LOG_TARGET) == null) {
            System.setProperty(LOG_TARGET, logTarget(args));
        }
        System.exit(commandLine().execute(args));
    }

    /**
     * The log stream for a command line: {@code System.out} for {@code serve} (containers
     * collect it), {@code System.err} for every other command, whose standard output is
     * its result.
     */
    static String logTarget(String[] args) {
        for (String a : args) {
            if (!a.startsWith("-")) {
                return a.equals("serve") ? "System.out" : "System.err";
            }
        }
        return "System.err";
    }

    /**
     * A fresh command line, ready for {@link CommandLine#execute}; tests may redirect its
     * output with {@link CommandLine#setOut} and {@link CommandLine#setErr}.
     */
    public static CommandLine commandLine() {
        return commandLine(new ServeCommand());
    }

    /** The command line with a given {@code serve}, so tests can run it in-process. */
    static CommandLine commandLine(ServeCommand serve) {
        CommandLine cli = new CommandLine(new Main())
                .addSubcommand(serve)
                .addSubcommand(new SimulateCommand())
                .addSubcommand(new EvaluateCommand())
                .addSubcommand(new ReportCommand());
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("bandstand " + line.getCommandName() + ": unexpected error: "
                    + e);
            return ExitCodes.FAILURE;
        });
        return cli;
    }

    /** Without a subcommand: the usage, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The version from the jar manifest's {@code Implementation-Version}, else {@code dev}. */
    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Supplies {@code --version}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"bandstand " + version()};
        }
    }
}
